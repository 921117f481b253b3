package web

import (
	"net/http"
)

// homePage is the front page until the web app's pages land. It is public, so it says
// nothing about the business.
const homePage = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regulars</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Regulars</h1>
<p>Сервер работает. JSON API — по адресу <code>/api/v1</code>, с заголовком
<code>Authorization: Bearer …</code> и токеном из <code>regulars token</code>. Веб-интерфейс появится следующим.</p>
<p lang="en">The server is running. The JSON API is at <code>/api/v1</code>, with
<code>Authorization: Bearer …</code> and the token from <code>regulars token</code>. The web pages come next.</p>
</body></html>`

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(homePage))
}
