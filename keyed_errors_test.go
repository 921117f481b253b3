package regulars_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUserErrorsHaveKeys: every application error that a person may read — on the command
// line or a web page — names its message in the catalogue (Error.Keyed), so that it reads in
// the user's language. What is left out says why: the JSON API speaks English to programs
// (internal/web/encode.go, routes.go and what handlers pass to s.error), EINTERNAL errors are
// logged, not shown, and the rest are a program's own invariants, listed here.
func TestUserErrorsHaveKeys(t *testing.T) {
	apiOnly := map[string]bool{"internal/web/encode.go": true, "internal/web/routes.go": true}
	invariants := []string{ // each as the file and the call's arguments read, exactly
		"error.go: field, ErrorMessage(…)", // FieldErrorOf keeps the key itself
		"internal/analytics/model.go: Invalid model input: need 0 <= recency <= age, and recency 0 without repeat orders.", // the analysis's own input
		"internal/demo/demo.go: as_of, Demo date required.",                                                                // the CLI and the web always set it
		"internal/importer/importer.go: %s: %s, file",                                                                      // invalid(): a closed sheet, a program's misuse
		"internal/importer/plan.go: %s",                                                                                    // the report, said in the user's language by its reader
		"internal/store/outbox.go: A letter needs a key, a Message-ID and an address.",                                     // the sender's own
		"internal/store/outbox.go: No letter %d being sent., id",                                                           // the sender's own
		"internal/store/setting.go: Setting %s is not set., key",                                                           // read as "not set" by its callers
		"internal/store/user.go: No session.",                                                                              // sends to the sign-in page
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || apiOnly[filepath.ToSlash(path)] {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		exempt := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if s, ok := c.Fun.(*ast.SelectorExpr); ok {
				switch s.Sel.Name {
				case "Keyed":
					x := s.X
					for p, ok := x.(*ast.ParenExpr); ok; p, ok = x.(*ast.ParenExpr) {
						x = p.X
					}
					if u, ok := x.(*ast.UnaryExpr); ok {
						x = u.X
					}
					exempt[x] = true
				case "error": // the API's handlers: s.error(w, r, err)
					for _, a := range c.Args {
						exempt[a] = true
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if l, ok := n.(*ast.CompositeLit); ok && !exempt[l] && isErrorType(f, l.Type) && !hasKey(l) && !literalsMayOmit[filepath.ToSlash(path)] {
				t.Errorf("%s: an application error written out without a catalogue key (add Key or .Keyed)", fset.Position(l.Pos()))
			}
			c, ok := n.(*ast.CallExpr)
			if !ok || exempt[c] || !isErrorMaker(f, c) {
				return true
			}
			if len(c.Args) > 0 {
				if s, ok := c.Args[0].(*ast.SelectorExpr); ok && s.Sel.Name == "EINTERNAL" {
					return true
				}
			}
			if slices.Contains(invariants, filepath.ToSlash(path)+": "+text(fset, c)) {
				return true
			}
			t.Errorf("%s: an error people read without a catalogue key (add .Keyed): %s", fset.Position(c.Pos()), text(fset, c))
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// literalsMayOmit are the files whose regulars.Error literals set no key: the constructors
// themselves, and the usage errors, which set it after.
var literalsMayOmit = map[string]bool{"error.go": true, "cmd/regulars/usage_errors.go": true}

// isErrorType reports whether t is regulars.Error.
func isErrorType(f *ast.File, t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && x.Name == "regulars" && t.Sel.Name == "Error"
	case *ast.Ident:
		return f.Name.Name == "regulars" && t.Name == "Error"
	}
	return false
}

// hasKey reports whether the literal sets Key.
func hasKey(l *ast.CompositeLit) bool {
	for _, e := range l.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Key" {
				return true
			}
		}
	}
	return false
}

// isErrorMaker reports whether c calls regulars.Errorf or regulars.FieldError.
func isErrorMaker(f *ast.File, c *ast.CallExpr) bool {
	switch fn := c.Fun.(type) {
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		return ok && x.Name == "regulars" && (fn.Sel.Name == "Errorf" || fn.Sel.Name == "FieldError")
	case *ast.Ident:
		return f.Name.Name == "regulars" && (fn.Name == "Errorf" || fn.Name == "FieldError")
	}
	return false
}

// text returns the source of the call's arguments, on one line.
func text(fset *token.FileSet, c *ast.CallExpr) string {
	var parts []string
	for _, a := range c.Args {
		if l, ok := a.(*ast.BasicLit); ok {
			parts = append(parts, strings.Trim(l.Value, "`\""))
		} else if id, ok := a.(*ast.Ident); ok {
			parts = append(parts, id.Name)
		} else if call, ok := a.(*ast.CallExpr); ok {
			if fn, ok := call.Fun.(*ast.Ident); ok {
				parts = append(parts, fn.Name+"(…)")
			}
		}
	}
	return strings.Join(parts, ", ")
}
