package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/regulars/regulars/internal/locale"
)

// The browser tests drive the web app in a real Chromium: what the cookie-jar browser of
// web_test.go cannot see, JavaScript (htmx), layout and the charts as drawn.

// chromium returns the browser to run: $REGULARS_CHROMIUM, else chromium on the PATH, else
// /usr/bin/chromium. The test skips when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("REGULARS_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("REGULARS_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Skip("no Chromium: install it (apt-get install chromium) or set REGULARS_CHROMIUM to run the browser tests")
	return ""
}

// tab is one browser tab on the test server.
type tab struct {
	ctx  context.Context
	base string // the server's URL

	mu      sync.Mutex
	console []string // errors and uncaught exceptions the pages reported
}

// openTab starts the Chromium at exe, headless and with a fresh profile, and opens a tab on
// the server at base; both close when the test ends, and no later than within.
func openTab(t *testing.T, exe, base string, within time.Duration) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Headless,
		chromedp.UserDataDir(t.TempDir()),
		// Without these Chromium keeps trying to reach the internet.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("accept-lang", "ru-RU,ru"), // a Russian user: the app's first language
	)
	ctx, cancel := context.WithTimeout(context.Background(), within)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	b := &tab{ctx: ctx, base: base}
	// Keep what the pages say on the console: an error there fails the test at its end.
	watch, stop := context.WithCancel(ctx)
	messages := chromedp.Console(watch) // subscribed from here on, before the first page
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.console = append(b.console, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		stop()
		<-done
		for _, m := range b.console {
			t.Errorf("browser console: %s", m)
		}
	})
	return b
}

// stepTimeout is how long one step may take: a page load, a click and what it brings.
const stepTimeout = 15 * time.Second

// do runs the steps, failing the test with what when one fails.
func (b *tab) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open loads the page at path (on the server) and waits for it.
func (b *tab) open(t *testing.T, path string) {
	t.Helper()
	b.do(t, "open "+path, chromedp.Navigate(b.base+path))
}

// runAction runs an action that returns a value.
func runAction[T any](t *testing.T, b *tab, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// evalJS evaluates a JavaScript expression in the page.
func evalJS[T any](t *testing.T, b *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// path returns the path of the page the tab shows.
func (b *tab) path(t *testing.T) string {
	t.Helper()
	return evalJS[string](t, b, "location.pathname")
}

// await loads the page at path again and again until the expression ready is true there:
// a bounded readiness poll, as the analytics snapshot is built in the background.
func (b *tab) await(t *testing.T, path, ready string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		b.open(t, path)
		if evalJS[bool](t, b, "!!("+ready+")") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %s within %v", path, ready, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fullPage takes a PNG screenshot of the whole page, beyond the viewport in both directions,
// as Puppeteer's fullPage does.
func fullPage() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if m.CSSContentSize == nil {
			return nil, errors.New("no content size")
		}
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: new(true),
			FromSurface:           new(true),
			Clip:                  &page.Viewport{Width: m.CSSContentSize.Width, Height: m.CSSContentSize.Height, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// overflowJS lists the outermost elements that stick out past the right edge of the viewport
// and are not inside a box that scrolls or clips them: what makes a page scroll sideways.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth, out = [];
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1 || clipped(el)) continue;
    if (out.some(o => o.el.contains(el))) continue;
    out.push({el, s: name(el) + ' (right edge at ' + Math.round(r.right) + 'px)'});
  }
  return out.slice(0, 6).map(o => o.s);
})()`

// messageID matches a message ID shown as it is, untranslated: "import.title".
func messageID(t *testing.T) *regexp.Regexp {
	t.Helper()
	ids, err := locale.IDs(locale.EN)
	if err != nil {
		t.Fatal(err)
	}
	prefixes := []string{"segment"}
	for _, id := range ids {
		if p, _, ok := strings.Cut(id, "."); ok && !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(prefixes, "|") + `)\.[a-z0-9_]+\b`)
}

// checkText fails the test when the page shows an internal error or an untranslated message.
func (b *tab) checkText(t *testing.T, name string, ids *regexp.Regexp) {
	t.Helper()
	text := evalJS[string](t, b, "document.body.innerText")
	if strings.Contains(text, "Internal error") {
		t.Errorf("%s shows an internal error", name)
	}
	if m := ids.FindAllString(text, 5); m != nil {
		t.Errorf("%s shows untranslated messages: %v", name, m)
	}
}

func TestBrowser(t *testing.T) {
	exe := chromium(t) // skip early, before the server starts
	c := newTCLI(t)
	srv := startServer(t, c, "--snapshot-rest", "0")
	b := openTab(t, exe, srv.url, 90*time.Second)
	ids := messageID(t)

	ok := t.Run("FirstRunAndImport", func(t *testing.T) {
		b.open(t, "/")
		if p := b.path(t); p != "/setup" {
			t.Fatalf("first visit ended on %s, want /setup", p)
		}
		if lang := evalJS[string](t, b, "document.documentElement.lang"); lang != "ru" {
			t.Errorf("a browser asking for Russian got <html lang=%q>", lang)
		}
		b.do(t, "sign up",
			chromedp.SendKeys(chromedp.CSS(`input[name=login]`), "anna"),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "correct horse"),
			chromedp.SendKeys(chromedp.CSS(`input[name=password2]`), "correct horse"),
			chromedp.Click(chromedp.CSS(`form[action="/setup"] button.primary`)),
			chromedp.WaitReady(chromedp.CSS(`input[type=file][name=file]`)),
		)
		if p := b.path(t); p != "/import" {
			t.Fatalf("setup ended on %s, want /import", p)
		}
		file, err := filepath.Abs(sheet("google_ru.csv"))
		if err != nil {
			t.Fatal(err)
		}
		b.do(t, "upload",
			chromedp.SetUploadFiles(chromedp.CSS(`input[name=file]`), []string{file}),
			chromedp.SetValue(chromedp.CSS(`input[name=currency]`), "RUB"),
			chromedp.Click(chromedp.CSS(`form[action="/import"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`select[name^="col:"]`)),
		)
		if got := evalJS[string](t, b, `document.querySelector('select[name="col:Клиент"]').value`); got != "name" {
			t.Errorf("column Клиент guessed as %q, want name", got)
		}
		b.do(t, "commit",
			chromedp.Click(chromedp.CSS(`button[formaction$="/commit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.card.ok`)),
		)
	})
	if !ok {
		return // the rest needs the account and the data
	}

	t.Run("Dashboard", func(t *testing.T) {
		// The first snapshot may predate the import: wait for one with the clients in.
		b.await(t, "/", `document.querySelector('#chart-forecast svg') && !document.querySelector('main a.button[href="/import"]')`, 20*time.Second)
		b.do(t, "charts", chromedp.WaitVisible(chromedp.CSS(`#chart-forecast svg`)))
		for _, id := range []string{"revenue", "repeat", "cohorts", "segments", "ltv", "forecast"} {
			n := evalJS[int](t, b, `[...document.querySelectorAll('#chart-`+id+` svg :is(rect, path, circle, polyline, line)')]
				.filter(s => { const r = s.getBBox(); return r.width > 0 || r.height > 0 }).length`)
			if n == 0 {
				t.Errorf("#chart-%s draws no shape", id)
			}
		}
		if n := evalJS[int](t, b, `document.querySelectorAll('.kpi').length`); n < 6 {
			t.Errorf("dashboard has %d KPIs, want 6", n)
		}
		b.checkText(t, "dashboard", ids)
	})

	t.Run("AgendaDone", func(t *testing.T) {
		b.open(t, "/agenda")
		if evalJS[int](t, b, `document.querySelectorAll('li.item').length`) == 0 {
			// A birthday tomorrow for a client of the sheet brings an important_date item.
			c.ok("add", "date", "--client", "1", "--kind", "birthday", "--date", "1990-11-23", "--yearly")
			b.await(t, "/agenda", `document.querySelector('li.item')`, 15*time.Second)
		}
		before := evalJS[int](t, b, `document.querySelectorAll('li.item').length`)
		first := evalJS[string](t, b, `document.querySelector('li.item').id`)
		b.do(t, "done",
			chromedp.Evaluate[chromedp.Void](`window.__marker = 1`),
			chromedp.Click(chromedp.CSS(`li.item form[hx-post$="/done"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`li.acted`)),
		)
		if !evalJS[bool](t, b, `window.__marker === 1`) {
			t.Error("marking an item done reloaded the page, want an htmx swap")
		}
		if after := evalJS[int](t, b, `document.querySelectorAll('li.item').length`); after != before-1 {
			t.Errorf("%d items after done, want %d", after, before-1)
		}
		b.checkText(t, "agenda after done", ids)
		b.open(t, "/agenda")
		if evalJS[bool](t, b, `!!document.getElementById(`+jsString(first)+`)`) {
			t.Errorf("%s is back after a reload", first)
		}
	})

	t.Run("EditNote", func(t *testing.T) {
		b.open(t, "/clients")
		card := evalJS[string](t, b, `document.querySelector('table.list a[href^="/clients/"]').getAttribute('href')`)
		b.open(t, card)
		const note = "Любит короткие письма, <b>bold</b> & «ёлки»"
		area := chromedp.CSS(`form#field-notes textarea[name=value]`)
		b.do(t, "save a note",
			chromedp.Evaluate[chromedp.Void](`window.__marker = 1`),
			chromedp.Clear(area),
			chromedp.SendKeys(area, note),
			chromedp.Click(chromedp.CSS(`form#field-notes button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`form#field-notes .saved`)),
		)
		if !evalJS[bool](t, b, `window.__marker === 1`) {
			t.Error("saving a note reloaded the page, want an htmx swap")
		}
		b.do(t, "reload", chromedp.Reload(), chromedp.WaitReady(area))
		if got := runAction(t, b, chromedp.Value(area)); got != note {
			t.Errorf("note after reload = %q, want %q", got, note)
		}
		if n := evalJS[int](t, b, `[...document.querySelectorAll('main b')].filter(e => e.textContent === 'bold').length`); n != 0 {
			t.Errorf("the note made %d <b> elements, want its text shown as typed", n)
		}
	})

	t.Run("SwitchLanguage", func(t *testing.T) {
		b.open(t, "/clients")
		for _, lang := range []struct{ code, clients string }{{"en", "Clients"}, {"ru", "Клиенты"}} {
			b.do(t, "switch to "+lang.code,
				chromedp.Click(chromedp.CSS(`header a[hreflang=`+lang.code+`]`)),
				chromedp.WaitReady(chromedp.CSS(`html[lang=`+lang.code+`]`)),
			)
			if p := b.path(t); p != "/clients" {
				t.Errorf("switching to %s went to %s, want /clients", lang.code, p)
			}
			if nav := runAction(t, b, chromedp.Text(chromedp.CSS(`header nav`))); !strings.Contains(nav, lang.clients) {
				t.Errorf("nav in %s = %q, want %q in it", lang.code, nav, lang.clients)
			}
			b.checkText(t, "clients in "+lang.code, ids)
			if lang.code == "en" { // the other pages too, once
				card := evalJS[string](t, b, `document.querySelector('table.list a[href^="/clients/"]').getAttribute('href')`)
				for _, p := range []string{"/", "/agenda", card, "/import", "/campaigns", "/catalog", "/settings"} {
					b.open(t, p)
					b.checkText(t, p+" in en", ids)
				}
				b.open(t, "/clients")
			}
		}
	})

	t.Run("Screenshots", func(t *testing.T) {
		dir := os.Getenv("REGULARS_ARTIFACTS")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "regulars-screenshots")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshots in %s", dir)
		b.open(t, "/clients")
		card := evalJS[string](t, b, `document.querySelector('table.list a[href^="/clients/"]').getAttribute('href')`)
		pages := []struct{ name, path string }{
			{"dashboard", "/"}, {"agenda", "/agenda"}, {"clients", "/clients"}, {"client", card},
			{"import", "/import"}, {"campaigns", "/campaigns"}, {"sequence", "/campaigns/sequences/reactivation"}, {"mailing", "/campaigns/mailing"}, {"catalog", "/catalog"}, {"settings", "/settings"},
		}
		sizes := []struct {
			name          string
			width, height int64
			opts          []chromedp.EmulateViewportOption
		}{
			{"laptop", 1280, 900, nil},
			{"phone", 360, 780, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait}},
		}
		for _, size := range sizes {
			b.do(t, size.name, chromedp.EmulateViewport(size.width, size.height, size.opts...))
			for _, p := range pages {
				b.open(t, p.path)
				name := p.name + "-" + size.name
				b.checkText(t, name, ids)
				if err := os.WriteFile(filepath.Join(dir, name+".png"), runAction(t, b, fullPage()), 0o644); err != nil {
					t.Fatal(err)
				}
				if size.name != "phone" {
					continue
				}
				if w := evalJS[int](t, b, `document.documentElement.scrollWidth`); w > int(size.width)+4 {
					t.Errorf("%s (%s) is %d px wide at %d px: it scrolls sideways; sticking out: %v",
						p.name, p.path, w, size.width, evalJS[[]string](t, b, overflowJS))
				}
			}
		}
		b.do(t, "reset the viewport", chromedp.ResetViewport())
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
