package campaign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// Signer makes and checks the one-click unsubscribe links: /u/TOKEN, where the token holds
// the client's ID and address and an HMAC-SHA256 of them under a secret kept in the settings,
// so that nobody can unsubscribe an address they only guessed, and no login is needed.
type Signer struct {
	Secret  []byte
	BaseURL string // the app's public address, "https://crm.example.ru"
}

// URL returns the unsubscribe link of a client's address.
func (s Signer) URL(clientID int64, address string) string {
	return strings.TrimRight(s.BaseURL, "/") + "/u/" + s.Token(clientID, address)
}

// Token returns the signed token of a client's address.
func (s Signer) Token(clientID int64, address string) string {
	payload := strconv.FormatInt(clientID, 10) + ":" + address
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload))
}

// Parse checks a token and returns the client's ID and address.
func (s Signer) Parse(token string) (clientID int64, address string, ok bool) {
	p, m, found := strings.Cut(token, ".")
	if !found {
		return 0, "", false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(string(payload))) {
		return 0, "", false
	}
	id, addr, found := strings.Cut(string(payload), ":")
	clientID, err := strconv.ParseInt(id, 10, 64)
	if !found || err != nil {
		return 0, "", false
	}
	return clientID, addr, true
}

func (s Signer) mac(payload string) []byte {
	h := hmac.New(sha256.New, s.Secret)
	h.Write([]byte(payload))
	return h.Sum(nil)[:16]
}
