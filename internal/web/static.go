package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed templates static
var files embed.FS

// assets are the static files under content-hashed names ("app.3f2a9c1d.css"), served with a
// year-long Cache-Control: a new build changes the name, never the content behind a name.
type assets struct {
	url  map[string]string // "app.css" → "/static/app.3f2a9c1d.css"
	body map[string][]byte // "app.3f2a9c1d.css" → content
}

func loadAssets() (*assets, error) {
	a := &assets{url: map[string]string{}, body: map[string][]byte{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.url[name], a.body[hashed] = "/static/"+hashed, b
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file; it panics on a name that is not embedded,
// which the page tests catch.
func (a *assets) URL(name string) string {
	u, ok := a.url[name]
	if !ok {
		panic(fmt.Sprintf("no static file %q", name))
	}
	return u
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := s.assets.body[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b)
}
