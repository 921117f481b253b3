package regulars_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
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
	invariants := []string{
		"error.go: ErrorMessage(…)",                                                    // FieldErrorOf keeps the key itself
		"internal/analytics/model.go: Invalid model input",                             // the analysis's own input
		"internal/demo/demo.go: Demo date required.",                                   // the CLI and the web always set it
		"internal/importer/importer.go: %s: %s",                                        // invalid(): a closed sheet, a CSV line before the header
		"internal/importer/plan.go: %s",                                                // the report, said in the user's language by its reader
		"internal/store/outbox.go: A letter needs a key, a Message-ID and an address.", // the sender's own
		"internal/store/outbox.go: No letter %d being sent.",                           // the sender's own
		"internal/store/setting.go: Setting %s is not set.",                            // read as "not set" by its callers
		"internal/store/user.go: No session.",                                          // sends to the sign-in page
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
					exempt[s.X] = true
				case "error": // the API's handlers: s.error(w, r, err)
					for _, a := range c.Args {
						exempt[a] = true
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || exempt[c] || !isErrorMaker(f, c) {
				return true
			}
			if len(c.Args) > 0 {
				if s, ok := c.Args[0].(*ast.SelectorExpr); ok && s.Sel.Name == "EINTERNAL" {
					return true
				}
			}
			site := filepath.ToSlash(path) + ": " + text(fset, c)
			for _, inv := range invariants {
				if strings.Contains(site, strings.SplitN(inv, ": ", 2)[1]) && strings.HasPrefix(site, strings.SplitN(inv, ": ", 2)[0]) {
					return true
				}
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
