package smtp_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/mail"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
)

// TestDKIM signs a marketing letter and checks the signature with an independent verifier
// (go-msgauth), the public key served as DNS would: it verifies, and it covers both
// List-Unsubscribe headers.
func TestDKIM(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	b, cfg := mustServe(t, smtptest.Options{TLS: smtp.TLSNone})
	cfg.DKIMDomain, cfg.DKIMSelector = "zerno.test", "mail2026"
	cfg.DKIMKey = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	m := mustNew(t, cfg)
	msg := testMessage(1)
	msg.Unsubscribe = "https://crm.zerno.test/u/Mjpib3Jpc0BleGFtcGxlLnJ1.SbaNp34C3s-x7BMGJ3ynbg-and-a-long-tail"
	if err := m.Send(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	data := b.Letters()[0].Data
	record := "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(pubDER)
	verifications, err := dkim.VerifyWithOptions(bytes.NewReader(data), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "mail2026._domainkey.zerno.test" {
				t.Errorf("looked up %q", domain)
			}
			return []string{record}, nil
		},
	})
	if err != nil || len(verifications) != 1 || verifications[0].Err != nil {
		var verr error
		if len(verifications) > 0 {
			verr = verifications[0].Err
		}
		t.Fatalf("verify: %v, %v\n%s", err, verr, data)
	}
	v := verifications[0]
	signed := map[string]bool{}
	for _, k := range v.HeaderKeys {
		signed[strings.ToLower(k)] = true
	}
	if v.Domain != "zerno.test" || !signed["list-unsubscribe"] || !signed["list-unsubscribe-post"] || !signed["from"] {
		t.Errorf("signature of %s over %v", v.Domain, v.HeaderKeys)
	}
	// The headers it signs are in the letter: a signature over an absent header proves nothing.
	letter, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"List-Unsubscribe", "List-Unsubscribe-Post", "From"} {
		if letter.Header.Get(h) == "" {
			t.Errorf("the letter has no %s header:\n%s", h, data)
		}
	}
	// A bad key is a clear error at once, not at the first letter.
	cfg.DKIMKey = []byte("not a key")
	if _, err := smtp.New(cfg); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("a bad key: %v", err)
	}
	cfg.DKIMKey, cfg.DKIMSelector = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), ""
	if _, err := smtp.New(cfg); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("no selector: %v", err)
	}
}
