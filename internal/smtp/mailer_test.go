package smtp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
)

func TestMailer_Send(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		msg := &regulars.Message{
			MessageID:   "<3f9a-1@regulars.test>",
			FromName:    "Кофейня «Зерно»",
			FromAddress: "hello@zerno.test",
			ToName:      "Анна Петрова",
			ToAddress:   "anna@example.test",
			Subject:     "Анна, как дела?",
			Text:        "Здравствуйте, Анна!\nДавно вас не видели.",
			HTML:        "<p>Здравствуйте, <b>Анна</b>!</p>",
			Unsubscribe: "https://zerno.test/u/7c1e0f2a?sig=abc",
		}
		if err := m.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		letters := b.Letters()
		if len(letters) != 1 {
			t.Fatalf("letters=%d, want 1", len(letters))
		}
		l := letters[0]
		if l.From != "hello@zerno.test" || len(l.To) != 1 || l.To[0] != "anna@example.test" {
			t.Errorf("envelope=%q -> %q, want hello@zerno.test -> [anna@example.test]", l.From, l.To)
		}
		h, parts := parseLetter(t, l.Data)
		checkAddress(t, h, "From", msg.FromName, msg.FromAddress)
		checkAddress(t, h, "To", msg.ToName, msg.ToAddress)
		if got := decodeHeader(t, h.Get("Subject")); got != msg.Subject {
			t.Errorf("Subject=%q, want %q", got, msg.Subject)
		}
		if got := h.Get("Message-ID"); got != msg.MessageID {
			t.Errorf("Message-ID=%q, want %q", got, msg.MessageID)
		}
		if _, err := h.Date(); err != nil {
			t.Errorf("Date=%q: %v", h.Get("Date"), err)
		}
		if got, want := h.Get("List-Unsubscribe"), "<"+msg.Unsubscribe+">"; got != want {
			t.Errorf("List-Unsubscribe=%q, want %q", got, want)
		}
		if got, want := h.Get("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click"; got != want {
			t.Errorf("List-Unsubscribe-Post=%q, want %q", got, want)
		}
		if got, want := parts["text/plain"], msg.Text; got != want {
			t.Errorf("text/plain=%q, want %q", got, want)
		}
		if got, want := parts["text/html"], msg.HTML; got != want {
			t.Errorf("text/html=%q, want %q", got, want)
		}
	})

	t.Run("TextOnlyNoUnsubscribe", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		msg := testMessage(1)
		msg.MessageID = "order-42@regulars.test" // without brackets
		if err := m.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		h, parts := parseLetter(t, b.Letters()[0].Data)
		if got, want := h.Get("Message-ID"), "<order-42@regulars.test>"; got != want {
			t.Errorf("Message-ID=%q, want %q", got, want)
		}
		for _, name := range []string{"List-Unsubscribe", "List-Unsubscribe-Post"} {
			if v, ok := h[name]; ok {
				t.Errorf("%s=%q, want no such header", name, v)
			}
		}
		if len(parts) != 1 || parts["text/plain"] != msg.Text {
			t.Errorf("parts=%q, want only text/plain %q", parts, msg.Text)
		}
	})

	t.Run("ReusesConnection", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		for i := range 5 {
			if err := m.Send(context.Background(), testMessage(i)); err != nil {
				t.Fatal(err)
			}
		}
		if got := len(b.Letters()); got != 5 {
			t.Errorf("letters=%d, want 5", got)
		}
		if got := b.Sessions(); got != 1 {
			t.Errorf("sessions=%d, want 1", got)
		}
	})

	t.Run("TempThenOK", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{DataErrs: []error{smtpError(451, "Try again later")}, TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		err := m.Send(context.Background(), testMessage(1))
		se := mustSendError(t, err)
		if se.Permanent || se.Code != 451 {
			t.Errorf("Permanent=%v Code=%d, want false 451 (%v)", se.Permanent, se.Code, err)
		}
		if err := m.Send(context.Background(), testMessage(2)); err != nil {
			t.Fatalf("second send: %v", err)
		}
		if got := len(b.Letters()); got != 1 {
			t.Errorf("letters=%d, want 1", got)
		}
		if got := b.Sessions(); got != 2 {
			t.Errorf("sessions=%d, want 2 (a new connection after the error)", got)
		}
	})

	t.Run("Bounce", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{RcptErr: smtpError(550, "No such user"), TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		err := m.Send(context.Background(), testMessage(1))
		se := mustSendError(t, err)
		if !se.Permanent || se.Code != 550 {
			t.Errorf("Permanent=%v Code=%d, want true 550 (%v)", se.Permanent, se.Code, err)
		}
		if !regulars.PermanentSendError(err) {
			t.Errorf("PermanentSendError=false, want true")
		}
		if got := len(b.Letters()); got != 0 {
			t.Errorf("letters=%d, want 0: every recipient was refused", got)
		}
	})

	t.Run("Stalled", func(t *testing.T) {
		cfg := mustServeSilent(t)
		cfg.Timeout = 300 * time.Millisecond
		m := mustNew(t, cfg)
		checkTemporaryWithin(t, time.Second, func() error {
			return m.Send(context.Background(), testMessage(1))
		})
	})

	t.Run("StalledContext", func(t *testing.T) {
		m := mustNew(t, mustServeSilent(t)) // the default timeout of 30 s
		checkTemporaryWithin(t, time.Second, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			return m.Send(ctx, testMessage(1))
		})
	})

	t.Run("StalledContextWhileWaiting", func(t *testing.T) {
		cfg := mustServeSilent(t)
		cfg.Timeout = 2 * time.Second
		m := mustNew(t, cfg)
		first := make(chan error)
		go func() { first <- m.Send(context.Background(), testMessage(1)) }()
		time.Sleep(50 * time.Millisecond) // let the first send take its turn (if not, the second still ends)
		checkTemporaryWithin(t, time.Second, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			return m.Send(ctx, testMessage(2))
		})
		<-first
	})

	t.Run("Refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		cfg := smtp.Config{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, TLS: smtp.TLSNone}
		l.Close()
		m := mustNew(t, cfg)
		checkTemporaryWithin(t, time.Second, func() error {
			return m.Send(context.Background(), testMessage(1))
		})
	})

	t.Run("Canceled", func(t *testing.T) {
		_, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := m.Send(ctx, testMessage(1))
		se := mustSendError(t, err)
		if se.Permanent || !errors.Is(err, context.Canceled) {
			t.Errorf("err=%v, want a temporary error wrapping context.Canceled", err)
		}
	})

	t.Run("BadMessage", func(t *testing.T) {
		_, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		m := mustNew(t, cfg)
		tests := []struct {
			name string
			edit func(*regulars.Message)
		}{
			{"ToAddress", func(msg *regulars.Message) { msg.ToAddress = "not an address" }},
			{"MessageIDNoAt", func(msg *regulars.Message) { msg.MessageID = "<nothing>" }},
			{"MessageIDSpace", func(msg *regulars.Message) { msg.MessageID = "a b@c" }},
			{"UnsubscribeRelative", func(msg *regulars.Message) { msg.Unsubscribe = "/u/1" }},
			{"UnsubscribeNewline", func(msg *regulars.Message) {
				msg.Unsubscribe = "https://x.test/u\r\nBcc: victim@x.test"
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				msg := testMessage(1)
				tt.edit(msg)
				if err := m.Send(context.Background(), msg); !regulars.PermanentSendError(err) {
					t.Errorf("err=%v, want a permanent *SendError", err)
				}
			})
		}
	})
}

// mustNew returns a Mailer for cfg, closed at the end of the test.
func mustNew(tb testing.TB, cfg smtp.Config) *smtp.Mailer {
	tb.Helper()
	m, err := smtp.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// testMessage returns a plain letter numbered i.
func testMessage(i int) *regulars.Message {
	return &regulars.Message{
		MessageID:   fmt.Sprintf("<test-%d@regulars.test>", i),
		FromName:    "Зерно",
		FromAddress: "hello@zerno.test",
		ToName:      "Клиент",
		ToAddress:   fmt.Sprintf("client%d@example.test", i),
		Subject:     fmt.Sprintf("Письмо %d", i),
		Text:        "Привет!",
	}
}

// mustSendError returns err as a *regulars.SendError, failing the test if it is not one.
func mustSendError(tb testing.TB, err error) *regulars.SendError {
	tb.Helper()
	var se *regulars.SendError
	if !errors.As(err, &se) {
		tb.Fatalf("err=%v (%T), want a *regulars.SendError", err, err)
	}
	return se
}

// checkTemporaryWithin checks that send returns a temporary *regulars.SendError within max.
func checkTemporaryWithin(tb testing.TB, max time.Duration, send func() error) {
	tb.Helper()
	start := time.Now()
	err := send()
	if d := time.Since(start); d > max {
		tb.Errorf("send took %v, want at most %v", d, max)
	}
	if se := mustSendError(tb, err); se.Permanent {
		tb.Errorf("err=%v, want temporary", err)
	}
}

// parseLetter parses a received letter into its header and its text parts by media type,
// with the transfer encoding undone.
func parseLetter(tb testing.TB, data []byte) (mail.Header, map[string]string) {
	tb.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("read letter: %v\n%s", err, data)
	}
	parts := map[string]string{}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		tb.Fatalf("Content-Type=%q: %v", msg.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		body := readPart(tb, params, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		parts[mediaType] = strings.TrimSuffix(body, "\n") // the line end that closes SMTP DATA
		return msg.Header, parts
	}
	if mediaType != "multipart/alternative" {
		tb.Errorf("Content-Type=%q, want multipart/alternative", mediaType)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			tb.Fatal(err)
		}
		// NextPart has already undone a quoted-printable encoding and dropped the header.
		pt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			tb.Fatal(err)
		}
		parts[pt] = readPart(tb, pparams, p.Header.Get("Content-Transfer-Encoding"), p)
	}
	return msg.Header, parts
}

// readPart reads a text part that must be UTF-8, undoing its transfer encoding (which
// multipart has already done, dropping the header, for the parts of a multipart).
func readPart(tb testing.TB, params map[string]string, cte string, r io.Reader) string {
	tb.Helper()
	if cs := strings.ToLower(params["charset"]); cs != "utf-8" {
		tb.Errorf("charset=%q, want UTF-8", cs)
	}
	switch strings.ToLower(cte) {
	case "", "7bit", "8bit":
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	default:
		tb.Errorf("Content-Transfer-Encoding=%q, want quoted-printable", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	// Quoted-printable and SMTP both turn line ends into CRLF.
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// decodeHeader undoes the RFC 2047 encoding of a header value.
func decodeHeader(tb testing.TB, v string) string {
	tb.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(v)
	if err != nil {
		tb.Fatalf("decode %q: %v", v, err)
	}
	return s
}

// checkAddress checks that header key holds exactly the address name <addr>.
func checkAddress(tb testing.TB, h mail.Header, key, name, addr string) {
	tb.Helper()
	if raw := h.Get(key); !isASCII(raw) {
		tb.Errorf("%s=%q, want RFC 2047 encoded ASCII", key, raw)
	}
	a, err := h.AddressList(key) // decodes RFC 2047 words
	if err != nil {
		tb.Fatalf("%s=%q: %v", key, h.Get(key), err)
	}
	if len(a) != 1 || a[0].Name != name || a[0].Address != addr {
		tb.Errorf("%s=%v, want %q <%s>", key, a, name, addr)
	}
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] > '~' {
			return false
		}
	}
	return true
}

func TestMailer_Concurrency(t *testing.T) {
	b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
	m := mustNew(t, cfg)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if err := m.Send(context.Background(), testMessage(w*each+i)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	letters := b.Letters()
	if len(letters) != workers*each {
		t.Fatalf("letters=%d, want %d", len(letters), workers*each)
	}
	seen := map[string]bool{}
	for _, l := range letters {
		h, _ := parseLetter(t, l.Data)
		seen[h.Get("Message-ID")] = true
	}
	if len(seen) != workers*each {
		t.Errorf("distinct Message-IDs=%d, want %d", len(seen), workers*each)
	}
}
