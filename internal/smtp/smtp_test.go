package smtp_test

import (
	"context"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
)

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name  string
		cfg   smtp.Config
		field string // "" when valid
	}{
		{"OK", smtp.Config{Host: "smtp.yandex.ru"}, ""},
		{"OKImplicitTLS", smtp.Config{Host: "smtp.mail.ru", Port: 465, TLS: "TLS"}, ""},
		{"OKIPv6", smtp.Config{Host: "::1", Port: 25, TLS: "none"}, ""},
		{"ErrHostRequired", smtp.Config{}, "host"},
		{"ErrHostWithPort", smtp.Config{Host: "smtp.gmail.com:587"}, "host"},
		{"ErrHostURL", smtp.Config{Host: "smtp://smtp.gmail.com"}, "host"},
		{"ErrPort", smtp.Config{Host: "smtp.gmail.com", Port: 70000}, "port"},
		{"ErrTLS", smtp.Config{Host: "smtp.gmail.com", TLS: "ssl"}, "tls"},
		{"ErrTimeout", smtp.Config{Host: "smtp.gmail.com", Timeout: -time.Second}, "timeout"},
		{"ErrHELO", smtp.Config{Host: "smtp.gmail.com", HELO: "my shop"}, "helo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate()=%v, want nil", err)
				}
				return
			}
			if code := regulars.ErrorCode(err); code != regulars.EINVALID {
				t.Fatalf("ErrorCode=%q, want %q (%v)", code, regulars.EINVALID, err)
			}
			if e := err.(*regulars.Error); e.Fields[tt.field] == "" {
				t.Errorf("Fields=%v, want one for %q", e.Fields, tt.field)
			}
		})
	}
}

func TestNew(t *testing.T) {
	if _, err := smtp.New(smtp.Config{}); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("New(Config{}) err=%v, want EINVALID", err)
	}
}

// BenchmarkSend measures letters per second to an in-process server on one reused
// connection.
func BenchmarkSend(b *testing.B) {
	for _, mode := range []string{smtp.TLSNone, smtp.TLSStartTLS} {
		b.Run(mode, func(b *testing.B) {
			_, cfg := mustServe(b, smtptest.Options{TLS: mode})
			m := mustNew(b, cfg)
			ctx := context.Background()
			msg := testMessage(1)
			msg.HTML = "<p>Привет!</p>"
			msg.Unsubscribe = "https://zerno.test/u/1"
			if err := m.Send(ctx, msg); err != nil { // the dial, outside the measure
				b.Fatal(err)
			}
			for b.Loop() {
				if err := m.Send(ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
