package smtp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
)

func TestMailer_TLS(t *testing.T) {
	t.Run("STARTTLS", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{User: "shop@zerno.test", Pass: "пароль-1", TLS: smtp.TLSStartTLS})
		cfg.Username, cfg.Password = b.Options.User, b.Options.Pass
		checkDelivered(t, b, mustNew(t, cfg))
	})

	t.Run("ImplicitTLS", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{User: "shop@zerno.test", Pass: "secret", TLS: smtp.TLSImplicit})
		cfg.Username, cfg.Password = b.Options.User, b.Options.Pass
		checkDelivered(t, b, mustNew(t, cfg))
	})

	t.Run("DefaultsToSTARTTLS", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSStartTLS})
		cfg.TLS = ""
		checkDelivered(t, b, mustNew(t, cfg))
	})

	t.Run("ErrSTARTTLSNotOffered", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		cfg.TLS = smtp.TLSStartTLS
		err := mustNew(t, cfg).Send(context.Background(), testMessage(1))
		if se := mustSendError(t, err); !se.Permanent || !strings.Contains(err.Error(), "STARTTLS") {
			t.Errorf("err=%v, want a permanent error about STARTTLS", err)
		}
		if got := len(b.Letters()); got != 0 {
			t.Errorf("letters=%d, want 0", got)
		}
	})

	t.Run("ErrUntrustedCertificate", func(t *testing.T) {
		_, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSStartTLS})
		cfg.InsecureSkipVerify = false
		err := mustNew(t, cfg).Send(context.Background(), testMessage(1))
		if se := mustSendError(t, err); !se.Permanent {
			t.Errorf("err=%v, want permanent", err)
		}
	})

	t.Run("ErrImplicitTLSToPlainServer", func(t *testing.T) {
		_, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
		cfg.TLS = smtp.TLSImplicit
		err := mustNew(t, cfg).Send(context.Background(), testMessage(1))
		if se := mustSendError(t, err); !se.Permanent {
			t.Errorf("err=%v, want permanent", err)
		}
	})

	t.Run("ErrAuthFailed", func(t *testing.T) {
		b, cfg := mustServe(t, smtptest.Options{User: "shop@zerno.test", Pass: "secret", TLS: smtp.TLSStartTLS})
		cfg.Username, cfg.Password = b.Options.User, "wrong"
		err := mustNew(t, cfg).Send(context.Background(), testMessage(1))
		if se := mustSendError(t, err); !se.Permanent || se.Code != 535 {
			t.Errorf("Permanent=%v Code=%d, want true 535 (%v)", se.Permanent, se.Code, err)
		}
	})

	t.Run("ErrNoAuthOffered", func(t *testing.T) {
		_, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSStartTLS})
		cfg.Username, cfg.Password = "shop@zerno.test", "secret"
		err := mustNew(t, cfg).Send(context.Background(), testMessage(1))
		if se := mustSendError(t, err); !se.Permanent || !strings.Contains(err.Error(), "AUTH") {
			t.Errorf("err=%v, want a permanent error about AUTH", err)
		}
	})
}

// checkDelivered sends one letter through m and checks that b received it.
func checkDelivered(tb testing.TB, b *smtptest.Server, m *smtp.Mailer) {
	tb.Helper()
	msg := testMessage(1)
	if err := m.Send(context.Background(), msg); err != nil {
		tb.Fatal(err)
	}
	letters := b.Letters()
	if len(letters) != 1 {
		tb.Fatalf("letters=%d, want 1", len(letters))
	}
	h, _ := parseLetter(tb, letters[0].Data)
	if got := h.Get("Message-ID"); got != msg.MessageID {
		tb.Errorf("Message-ID=%q, want %q", got, msg.MessageID)
	}
}
