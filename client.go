package regulars

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Contact channels a client prefers, and the channels of the contact log.
const (
	ChannelCall    = "call"
	ChannelMessage = "message"
	ChannelEmail   = "email"
	ChannelMeeting = "meeting"
	ChannelOther   = "other"
)

// Detail levels a client prefers in reports.
const (
	DetailDetailed = "detailed"
	DetailBrief    = "brief"
)

// Times of day a client prefers to be contacted.
const (
	TimeMorning = "morning"
	TimeDay     = "day"
	TimeEvening = "evening"
)

// Client is a person or company the business works for, with what the business knows about them.
type Client struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Company    string   `json:"company"`
	Email      string   `json:"email"`
	Phone      string   `json:"phone"`
	Messenger  string   `json:"messenger"` // a handle: @name in Telegram, a WhatsApp number
	Industry   string   `json:"industry"`
	TimeZone   string   `json:"time_zone"` // IANA name; "" means the business's time zone
	Source     string   `json:"source"`    // how the client came: referral, search, ads…
	ReferredBy int64    `json:"referred_by,omitempty"`
	Tags       []string `json:"tags"`
	Notes      string   `json:"notes"`
	PainPoints string   `json:"pain_points"`
	Goals      string   `json:"goals"`

	// Communication preferences: "small things that form the impression of professionalism".
	PreferredChannel string `json:"preferred_channel"` // call, message, email or ""
	DetailLevel      string `json:"detail_level"`      // detailed, brief or ""
	PreferredTime    string `json:"preferred_time"`    // morning, day, evening or ""
	MarketingConsent bool   `json:"marketing_consent"`
	ConsentOn        Date   `json:"consent_on"`

	// LastContact is the day of the client's last interaction, kept by the store as
	// interactions come and go; it cannot be set directly.
	LastContact Date `json:"last_contact"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ClientStats is what a client's orders add up to: every order that is not cancelled or refunded.
type ClientStats struct {
	Orders     int   `json:"orders"`
	Revenue    Money `json:"-"`
	FirstOrder Date  `json:"first_order"`
	LastOrder  Date  `json:"last_order"`
}

// ClientSummary is a client with its order statistics, as the client list shows it.
type ClientSummary struct {
	*Client
	Stats ClientStats
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (c *Client) Validate() error {
	c.Name = TrimSpace(c.Name)
	c.Email = TrimSpace(c.Email)
	c.Phone = TrimSpace(c.Phone)
	phoneDigits := len(NormalizePhone(c.Phone)) // 0 below 5 digits
	switch {
	case c.Name == "" && c.Company == "" && c.Email == "" && c.Phone == "":
		return FieldError("name", "Client name required.").Keyed("valid.client_name")
	case c.Email != "" && !validEmail(c.Email):
		return FieldError("email", "Invalid email address: want one address such as anna@example.ru.").Keyed("valid.email")
	case c.Phone != "" && phoneDigits == 0:
		return FieldError("phone", "A phone number needs at least 5 digits.").Keyed("valid.phone_short")
	case phoneDigits > 15:
		return FieldError("phone", "A phone number has at most 15 digits; is it two numbers? Keep one, and the other in the notes.").Keyed("valid.phone_long")
	case !oneOf(c.PreferredChannel, "", ChannelCall, ChannelMessage, ChannelEmail):
		return FieldError("preferred_channel", "Preferred channel must be call, message or email.").Keyed("valid.preferred_channel")
	case !oneOf(c.DetailLevel, "", DetailDetailed, DetailBrief):
		return FieldError("detail_level", "Detail level must be detailed or brief.").Keyed("valid.detail_level")
	case !oneOf(c.PreferredTime, "", TimeMorning, TimeDay, TimeEvening):
		return FieldError("preferred_time", "Preferred time must be morning, day or evening.").Keyed("valid.preferred_time")
	case c.TimeZone != "" && !validTimeZone(c.TimeZone):
		return FieldError("time_zone", "Unknown time zone.").Keyed("valid.time_zone")
	}
	if err := checkLengths(lengthCheck{"name", c.Name, MaxLine}, lengthCheck{"company", c.Company, MaxLine},
		lengthCheck{"email", c.Email, MaxLine}, lengthCheck{"phone", c.Phone, MaxLine}, lengthCheck{"messenger", c.Messenger, MaxLine},
		lengthCheck{"industry", c.Industry, MaxLine}, lengthCheck{"source", c.Source, MaxLine}, lengthCheck{"notes", c.Notes, MaxText},
		lengthCheck{"pain_points", c.PainPoints, MaxText}, lengthCheck{"goals", c.Goals, MaxText}); err != nil {
		return err
	}
	for _, t := range c.Tags {
		if err := checkLengths(lengthCheck{"tags", t, MaxLine}); err != nil {
			return err
		}
	}
	if c.Name == "" {
		c.Name = firstNonEmpty(c.Company, c.Email, c.Phone)
	}
	c.Tags = NormalizeTags(c.Tags)
	return nil
}

// validEmail reports whether s is one email address: a name, an @ and a domain with a dot,
// no spaces, commas or semicolons (two addresses in one cell would match no one).
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t,;<>()[]\\\"") && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

func validTimeZone(name string) bool {
	_, err := LoadLocation(name)
	return err == nil
}

// ClientFilter selects clients. Nil fields do not filter.
type ClientFilter struct {
	ID    *int64
	Email *string // matched case-insensitively
	Phone *string // matched after NormalizePhone
	Tag   *string
	Query *string // a substring of name, company, email or phone

	Offset int
	Limit  int // 0 means no limit
}

// ClientUpdate holds the fields to change. Nil fields are left as they are.
type ClientUpdate struct {
	Name             *string   `json:"name"`
	Company          *string   `json:"company"`
	Email            *string   `json:"email"`
	Phone            *string   `json:"phone"`
	Messenger        *string   `json:"messenger"`
	Industry         *string   `json:"industry"`
	TimeZone         *string   `json:"time_zone"`
	Source           *string   `json:"source"`
	ReferredBy       *int64    `json:"referred_by"`
	Tags             *[]string `json:"tags"`
	Notes            *string   `json:"notes"`
	PainPoints       *string   `json:"pain_points"`
	Goals            *string   `json:"goals"`
	PreferredChannel *string   `json:"preferred_channel"`
	DetailLevel      *string   `json:"detail_level"`
	PreferredTime    *string   `json:"preferred_time"`
	MarketingConsent *bool     `json:"marketing_consent"`
	ConsentOn        *Date     `json:"consent_on"`
}

// Apply copies the set fields of upd into c.
func (upd ClientUpdate) Apply(c *Client) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&c.Name, upd.Name)
	set(&c.Company, upd.Company)
	set(&c.Email, upd.Email)
	set(&c.Phone, upd.Phone)
	set(&c.Messenger, upd.Messenger)
	set(&c.Industry, upd.Industry)
	set(&c.TimeZone, upd.TimeZone)
	set(&c.Source, upd.Source)
	set(&c.Notes, upd.Notes)
	set(&c.PainPoints, upd.PainPoints)
	set(&c.Goals, upd.Goals)
	set(&c.PreferredChannel, upd.PreferredChannel)
	set(&c.DetailLevel, upd.DetailLevel)
	set(&c.PreferredTime, upd.PreferredTime)
	if upd.ReferredBy != nil {
		c.ReferredBy = *upd.ReferredBy
	}
	if upd.Tags != nil {
		c.Tags = *upd.Tags
	}
	if upd.MarketingConsent != nil {
		c.MarketingConsent = *upd.MarketingConsent
	}
	if upd.ConsentOn != nil {
		c.ConsentOn = *upd.ConsentOn
	}
}

// ClientService manages clients.
type ClientService interface {
	// FindClientByID returns the client, or ENOTFOUND.
	FindClientByID(ctx context.Context, id int64) (*Client, error)
	// FindClients returns the clients matching the filter, ordered by ID, and how many match in all.
	FindClients(ctx context.Context, filter ClientFilter) ([]*Client, int, error)
	// FindClientSummaries is FindClients with each client's order statistics.
	FindClientSummaries(ctx context.Context, filter ClientFilter) ([]ClientSummary, int, error)
	// EachClientSummary calls fn for every client with its statistics, by ID, a page at a time:
	// exports of a million clients use it.
	EachClientSummary(ctx context.Context, fn func(ClientSummary) error) error
	// CreateClient validates and stores c, filling its ID and timestamps.
	CreateClient(ctx context.Context, c *Client) error
	// UpdateClient changes the set fields of the client; ENOTFOUND if it does not exist.
	UpdateClient(ctx context.Context, id int64, upd ClientUpdate) (*Client, error)
	// DeleteClient removes the client and everything recorded about it but for the keys an
	// import matches it by: imports then leave out the rows that name it (see
	// ImportIndex.DeletedClients).
	DeleteClient(ctx context.Context, id int64) error
	// ForgetClient removes the client and everything recorded about it, keeping nothing (a
	// sheet that has it makes it again); of a client deleted before, it removes those keys.
	ForgetClient(ctx context.Context, id int64) error
	// MergeClients moves every order, interaction, date, plan, event and tag of the client
	// `from` to the client `into`, fills into's empty fields from from's, and deletes from.
	MergeClients(ctx context.Context, into, from int64) (*Client, error)
}

// NormalizeEmail returns the email trimmed and lower-cased: addresses match case-insensitively.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizePhone returns the digits of a phone number in international form, so that
// "8 (903) 123-45-67", "+7 903 123 45 67" and "79031234567" are equal. A Russian trunk
// prefix 8 on an 11-digit number becomes 7; a 10-digit number starting with 9 gets 7.
// It returns "" when there are fewer than 5 digits.
func NormalizePhone(s string) string {
	var buf [24]byte // an import normalises every row's phone: made in place, one allocation
	b := buf[:0]
	for i := 0; i < len(s); i++ { // a byte of a letter of another script is no ASCII digit
		if c := s[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	if len(b) < 5 {
		return ""
	}
	if len(b) == 11 && b[0] == '8' {
		b[0] = '7'
	} else if len(b) == 10 && b[0] == '9' {
		b = append([]byte{'7'}, b...)
	}
	return string(b)
}

// NormalizeName returns a name or company folded for matching: lower case, ё as е, quotes,
// punctuation and legal forms (ООО, ИП, LLC…) removed, spaces collapsed, and a word typed in
// two alphabets (Aнна with a Latin A, Cмирнова with a Latin C: a keyboard switched in the
// middle of a word) in the one most of its letters are in, its other letters that look alike
// taken as that alphabet's (see foldMixed).
func NormalizeName(s string) string {
	return string(appendNormalizedName(make([]byte, 0, len(s)), s))
}

// appendNormalizedName appends NormalizeName(s) to b, in one pass over s: an import computes
// it for every new client.
func appendNormalizedName(b []byte, s string) []byte {
	base, start := len(b), -1 // start: where the current word began in b, -1 between words
	end := func() {
		if start >= 0 {
			b = foldMixed(b, start)
		}
		if start >= 0 && len(b)-start <= maxLegalForm && (legalForms[string(b[start:])] ||
			latinLegalForms[string(b[start:])] && strings.ContainsFunc(s, isCyrillic)) {
			b = b[:max(start-1, base)] // the word, and the space before it
		}
		start = -1
	}
	for i := 0; i < len(s); {
		// The folded letter or digit at i, as bytes (ASCII and the Russian alphabet are read
		// byte by byte, everything else rune by rune), or none at the end of a word.
		var f [utf8.UTFMax]byte
		n, size := 0, 1
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
				f[0], n = c, 1
			}
		case (c == 0xD0 || c == 0xD1) && i+1 < len(s) && cyrillicFold[c-0xD0][s[i+1]&0x3F] != 0 && s[i+1]&0xC0 == 0x80:
			fold := cyrillicFold[c-0xD0][s[i+1]&0x3F]
			f[0], f[1], n, size = byte(fold>>8), byte(fold), 2, 2
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			size = w
			if r, ok := foldRune(r); ok {
				n = utf8.EncodeRune(f[:], r)
			}
		}
		i += size
		if n == 0 {
			end()
			continue
		}
		if start < 0 {
			if len(b) > base {
				b = append(b, ' ')
			}
			start = len(b)
		}
		b = append(b, f[:n]...)
	}
	end()
	return b
}

// cyrillicFold is, by the first byte of a two-byte UTF-8 sequence (0xD0, 0xD1) and the low six
// bits of its second, the folded letter's two bytes, or 0: А–Я and а–я lower-case, Ё and ё
// as е; foldRune's answers for them, without decoding the rune.
var cyrillicFold = func() (t [2][64]uint16) {
	for r := rune('Ё'); r <= 'ё'; r++ {
		if f, ok := foldRune(r); ok && ('А' <= r && r <= 'я' || r == 'Ё' || r == 'ё') {
			var in, out [2]byte
			utf8.EncodeRune(in[:], r)
			utf8.EncodeRune(out[:], f)
			t[in[0]-0xD0][in[1]&0x3F] = uint16(out[0])<<8 | uint16(out[1])
		}
	}
	return t
}()

// foldRune returns r lower-cased, ё as е, and whether it is a letter or a digit.
func foldRune(r rune) (rune, bool) {
	switch r = LowerRune(r); {
	case r < utf8.RuneSelf:
		return r, 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	case 'а' <= r && r <= 'я':
		return r, true
	case r == 'ё':
		return 'е', true
	}
	return r, unicode.IsLetter(r) || unicode.IsDigit(r)
}

// LowerRune is unicode.ToLower, quick for ASCII and the Russian alphabet, which is nearly every
// name: names and search text are folded for every client an import makes.
func LowerRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case 'А' <= r && r <= 'Я':
		return r + ('а' - 'А')
	case 'а' <= r && r <= 'я':
		return r
	case r == 'Ё':
		return 'ё'
	}
	return unicode.ToLower(r)
}

var legalForms = map[string]bool{
	"ооо": true, "оао": true, "зао": true, "пао": true, "ао": true, "ип": true, "нко": true,
	"llc": true, "ltd": true, "inc": true, "gmbh": true, "corp": true,
}

// isCyrillic reports whether r is a letter of the Cyrillic block (U+0400–U+047F).
func isCyrillic(r rune) bool { return 0x400 <= r && r <= 0x47F }

// latinLegalForms are ООО and ОАО typed on a Latin keyboard: legal forms in a name with
// Russian letters (OOO Ромашка), words of their own in a Latin one (Ooo La La).
var latinLegalForms = map[string]bool{"ooo": true, "oao": true}

// lookalikes pairs the Latin and Cyrillic lower-case letters that look alike, the Latin one
// first (B, H, M and T by their capitals).
var lookalikes = [...][2]rune{{'a', 'а'}, {'b', 'в'}, {'c', 'с'}, {'e', 'е'}, {'h', 'н'}, {'k', 'к'}, {'m', 'м'},
	{'o', 'о'}, {'p', 'р'}, {'t', 'т'}, {'x', 'х'}, {'y', 'у'}}

// foldMixed rewrites the word b[start:] (lower case, as appendNormalizedName makes it) when it
// has Latin and Cyrillic letters both: into the alphabet most of its letters are in (Cyrillic
// on a tie), each of its other letters that has a lookalike there taken as that one. A word of
// one alphabet is left as it is, without a copy.
func foldMixed(b []byte, start int) []byte {
	latin, cyrillic := 0, 0
	for _, c := range b[start:] {
		switch {
		case 'a' <= c && c <= 'z':
			latin++
		case c == 0xD0 || c == 0xD1: // the first byte of а–я
			cyrillic++
		}
	}
	if latin == 0 || cyrillic == 0 {
		return b
	}
	word := string(b[start:])
	b = b[:start]
	for _, r := range word {
		for _, l := range lookalikes {
			if cyrillic >= latin && r == l[0] {
				r = l[1]
			} else if cyrillic < latin && r == l[1] {
				r = l[0]
			}
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// AppendFoldedWords appends to b, after a space, s (in lower case) with each word that has
// Latin and Cyrillic letters both folded into one alphabet (see FoldMixedWords), and returns b
// as it was when that changes nothing: what a client's search text adds, so that «Смирнова» and
// «Анна Смирнова» find «Анна Cмирнова» typed with a Latin C, and the name as typed is found too.
func AppendFoldedWords(b []byte, s string) []byte {
	if f := FoldMixedWords(s); f != s {
		b = append(append(b, ' '), f...)
	}
	return b
}

// FoldMixedWords returns s (in lower case) with each word that has Latin and Cyrillic letters
// both folded as AppendFoldedWords folds it: a search typed with a letter of the other
// keyboard, matched against the folded words of the search text.
func FoldMixedWords(s string) string {
	if !hasBothAlphabets(s) {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		words[i] = string(foldMixed([]byte(w), 0))
	}
	return strings.Join(words, " ")
}

// hasBothAlphabets reports whether s (in lower case) has a Latin letter and a Russian one.
func hasBothAlphabets(s string) bool {
	latin, cyrillic := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z':
			latin = true
		case c == 0xD0 || c == 0xD1:
			cyrillic = true
		}
	}
	return latin && cyrillic
}

// RenormalizeNameKey returns a name key stored by an earlier version (see ClientNameKey) as
// this one makes it: its name and its company normalised again, which changes only what the
// rules added since change (a word in two alphabets, a legal form typed in Latin letters). It
// returns key itself when it is unchanged, which nearly every key is.
func RenormalizeNameKey(key string) string {
	name, company, ok := strings.Cut(key, "|")
	if !ok || !hasBothAlphabets(key) { // both rules ask for both alphabets: a key of one is as it was
		return key
	}
	var buf [128]byte
	b := append(appendNormalizedName(buf[:0], name), '|')
	b = appendNormalizedName(b, company)
	if string(b) == key {
		return key
	}
	return string(b)
}

// maxLegalForm is the longest of legalForms in bytes: longer words are not looked up.
const maxLegalForm = len("ооо")

// ClientNameKey is what matches a client by name when a sheet row has neither email nor
// phone: the normalised name and company. A client without a name is named as Validate names
// it (by its company, email or phone), so that a row and the client it made agree.
func ClientNameKey(name, company, email, phone string) string {
	if TrimSpace(name) == "" {
		name = firstNonEmpty(company, email, phone)
	}
	b := make([]byte, 0, len(name)+len(company)+1)
	b = append(appendNormalizedName(b, name), '|')
	return string(appendNormalizedName(b, company))
}

// NormalizeTags trims, lower-cases and de-duplicates tags, keeping their order.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// FirstName returns how a letter addresses the client: the first word of a two- or three-word
// personal name ("Анна" of "Анна Смирнова"), else the name as it is (a company, «Ромашка»).
func FirstName(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 3 || strings.ContainsAny(name, "«\"&") || isLegalForm(f[0]) {
		return name
	}
	return f[0]
}

func isLegalForm(w string) bool {
	switch strings.ToLower(strings.Trim(w, ".,")) {
	case "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "llc", "ltd", "inc", "gmbh", "corp":
		return true
	}
	return false
}
