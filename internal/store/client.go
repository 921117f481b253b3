package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// Ensure the service implements the interface.
var _ regulars.ClientService = (*ClientService)(nil)

// ClientService implements regulars.ClientService.
type ClientService struct{ db *DB }

// NewClientService returns the client service on db.
func NewClientService(db *DB) *ClientService { return &ClientService{db: db} }

const clientColumns = `id, name, company, email, phone, messenger, industry, time_zone, source, referred_by,
	notes, pain_points, goals, preferred_channel, detail_level, preferred_time, marketing_consent,
	consent_on, last_contact_on, created_at, updated_at`

func scanClient(sc interface{ Scan(...any) error }, extra ...any) (*regulars.Client, error) {
	var c regulars.Client
	var referredBy sql.NullInt64
	dest := []any{&c.ID, &c.Name, &c.Company, &c.Email, &c.Phone, &c.Messenger, &c.Industry, &c.TimeZone,
		&c.Source, &referredBy, &c.Notes, &c.PainPoints, &c.Goals, &c.PreferredChannel, &c.DetailLevel,
		&c.PreferredTime, &c.MarketingConsent, &c.ConsentOn, &c.LastContact, timestamp{&c.CreatedAt}, timestamp{&c.UpdatedAt}}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.ReferredBy = referredBy.Int64
	c.Tags = []string{}
	return &c, nil
}

// clientArgs returns the values of every stored column but id and created_at, in the order of
// the INSERT and UPDATE statements below.
func clientArgs(c *regulars.Client, now string) []any {
	k := regulars.ClientKeyOf(c)
	return []any{c.Name, c.Company, c.Email, c.Phone, c.Messenger, c.Industry, c.TimeZone, c.Source,
		nullID(c.ReferredBy), c.Notes, c.PainPoints, c.Goals, c.PreferredChannel, c.DetailLevel,
		c.PreferredTime, c.MarketingConsent, c.ConsentOn, k.Email, k.Phone, k.Name, clientSearch(c), now}
}

const insertClientSQL = `INSERT INTO clients (name, company, email, phone, messenger, industry, time_zone,
	source, referred_by, notes, pain_points, goals, preferred_channel, detail_level, preferred_time,
	marketing_consent, consent_on, email_norm, phone_norm, name_key, search, updated_at, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)
	RETURNING id`

// clientSearch is the text a query matches: lower-cased here, because SQLite's lower() only
// folds ASCII.
func clientSearch(c *regulars.Client) string {
	n := 4
	for _, p := range searchParts(c) {
		n += len(p)
	}
	return string(appendSearch(make([]byte, 0, n), c))
}

// searchParts returns what the search text of c is made of.
func searchParts(c *regulars.Client) [5]string {
	return [...]string{c.Name, c.Company, c.Email, c.Phone, c.Messenger}
}

// appendSearch appends the search text of c to b: its parts in lower case, with ё as е (as
// the web's list searches), then, when a word of its name or company mixes Latin and Cyrillic
// letters, its name and company with those words folded into one alphabet (see
// regulars.AppendFoldedWords), which a search folded so finds (see FindClients).
func appendSearch(b []byte, c *regulars.Client) []byte {
	start := len(b)
	var nameEnd int
	for i, p := range searchParts(c) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendLower(b, p)
		if i == 1 {
			nameEnd = len(b)
		}
	}
	for i := start; i+1 < len(b); i++ { // ё is D1 91 and е D0 B5: neither byte continues a letter
		if b[i] == 0xD1 && b[i+1] == 0x91 {
			b[i], b[i+1] = 0xD0, 0xB5
		}
	}
	return regulars.AppendFoldedWords(b, string(b[start:nameEnd]))
}

// appendLower appends strings.ToLower(s) to b, folding ASCII and Russian letters byte by
// byte, without decoding them or Unicode's tables: a load computes it for every new client,
// and a typical client's search text of 88 bytes took 250 ns rune by rune, 100 ns so.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		if i+1 < len(s) {
			switch d := s[i+1]; {
			case c == 0xD0 && 0x90 <= d && d <= 0x9F: // А–П
				b = append(b, 0xD0, d+0x20)
				i += 2
				continue
			case c == 0xD0 && 0xA0 <= d && d <= 0xAF: // Р–Я
				b = append(b, 0xD1, d-0x20)
				i += 2
				continue
			case c == 0xD0 && 0xB0 <= d && d <= 0xBF, c == 0xD1 && 0x80 <= d && d <= 0x8F: // а–я
				b = append(b, c, d)
				i += 2
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, regulars.LowerRune(r))
		i += n
	}
	return b
}

// FindClientByID returns the client, or ENOTFOUND.
func (s *ClientService) FindClientByID(ctx context.Context, id int64) (*regulars.Client, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findClientByID(ctx, tx, id)
}

// FindClients returns the clients matching the filter, ordered by ID, and the total.
func (s *ClientService) FindClients(ctx context.Context, filter regulars.ClientFilter) ([]*regulars.Client, int, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findClients(ctx, tx, filter)
}

// FindClientSummaries is FindClients with each client's order statistics.
func (s *ClientService) FindClientSummaries(ctx context.Context, filter regulars.ClientFilter) ([]regulars.ClientSummary, int, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	clients, n, err := findClients(ctx, tx, filter)
	if err != nil {
		return nil, 0, err
	}
	stats, err := findClientStats(ctx, tx, clients)
	if err != nil {
		return nil, 0, err
	}
	out := make([]regulars.ClientSummary, len(clients))
	for i, c := range clients {
		out[i] = regulars.ClientSummary{Client: c, Stats: stats[c.ID]}
	}
	return out, n, nil
}

// CreateClient validates and stores c, filling its ID and timestamps.
func (s *ClientService) CreateClient(ctx context.Context, c *regulars.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := checkClientRefs(ctx, tx, c, true); err != nil {
		return err
	}
	if err := createClient(ctx, tx, c); err != nil {
		return err
	}
	if err := releaseKeptKeys(ctx, tx, c); err != nil {
		return err
	}
	if err := releaseDeleted(ctx, tx, c, [3][2]string{}); err != nil {
		return err
	}
	return tx.Commit()
}

// checkClientRefs checks what a client's fields refer to: its email, when it is new to the
// client, is no other client's, and who referred it is another client that exists. (Clients
// that shared an email before the check existed stay editable.)
func checkClientRefs(ctx context.Context, tx *Tx, c *regulars.Client, newEmail bool) error {
	if newEmail {
		if err := uniqueEmail(ctx, tx, c); err != nil {
			return err
		}
	}
	switch {
	case c.ReferredBy == 0:
		return nil
	case c.ReferredBy == c.ID:
		return regulars.FieldError("referred_by", "referred_by: a client cannot refer itself.").Keyed("valid.referred_self")
	}
	if _, err := findClientByID(ctx, tx, c.ReferredBy); regulars.ErrorCode(err) == regulars.ENOTFOUND {
		return regulars.FieldError("referred_by", fmt.Sprintf("referred_by: there is no client %d.", c.ReferredBy)).
			Keyed("valid.referred_missing", "ID", c.ReferredBy)
	} else if err != nil {
		return err
	}
	return nil
}

// uniqueEmail refuses a client whose email another client has, or had before a merge: an
// import matches clients by email, and two of one email would split a client's orders.
func uniqueEmail(ctx context.Context, tx *Tx, c *regulars.Client) error {
	email := regulars.NormalizeEmail(c.Email)
	if email == "" {
		return nil
	}
	if tx.db.dialect == Postgres { // two transactions must not both find the email free: SQLite writes one at a time
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('client email ' || $1))`, email); err != nil {
			return fmt.Errorf("lock client email: %w", err)
		}
	}
	var id, merged int64
	var name string
	err := tx.QueryRowContext(ctx, `SELECT id, name, 0 FROM clients WHERE email_norm = $1 AND id <> $2
		UNION ALL SELECT k.client_id, c.name, 1 FROM client_keys k JOIN clients c ON c.id = k.client_id
		WHERE k.kind = 'email' AND k.value = $1 AND k.client_id <> $2 LIMIT 1`, email, c.ID).Scan(&id, &name, &merged)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("find client by email: %w", FormatError(err))
	}
	from, key := "", "valid.email_taken"
	if merged == 1 {
		from, key = ", from a client merged into it", "valid.email_taken_merged"
	}
	msg := fmt.Sprintf("email: client %d (%s) has the email %s already%s; merge the two with `regulars merge`, or give this one another email.",
		id, name, c.Email, from)
	return (&regulars.Error{Code: regulars.ECONFLICT, Message: msg, Fields: map[string]string{"email": msg}}).
		Keyed(key, "ID", id, "Name", name, "Email", c.Email)
}

// UpdateClient changes the set fields of the client.
func (s *ClientService) UpdateClient(ctx context.Context, id int64, upd regulars.ClientUpdate) (*regulars.Client, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := findClientByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	oldEmail := regulars.NormalizeEmail(c.Email)
	oldKeys := clientKeys(c)
	if upd.Name != nil && regulars.TrimSpace(*upd.Name) == "" { // else Validate would name it after its email
		return nil, regulars.FieldError("name", "name: a client keeps a name; send the new one.").Keyed("valid.name_keep")
	}
	upd.Apply(c)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := checkClientRefs(ctx, tx, c, regulars.NormalizeEmail(c.Email) != oldEmail); err != nil {
		return nil, err
	}
	if err := updateClient(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := keepEditedKeys(ctx, tx, c.ID, oldKeys, clientKeys(c)); err != nil {
		return nil, err
	}
	if err := releaseKeptKeys(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := releaseDeleted(ctx, tx, c, oldKeys); err != nil {
		return nil, err
	}
	if !c.MarketingConsent {
		if err := cancelMarketing(ctx, tx, c.ID, "consent withdrawn"); err != nil {
			return nil, err
		}
	}
	return c, tx.Commit()
}

// keyColumns are the columns of clients that hold the keys of clientKeys, in its order.
var keyColumns = [3]string{"email_norm", "phone_norm", "name_key"}

// clientKeys returns the keys an import matches the client by: its email, phone and name key,
// by their kinds in client_keys.
func clientKeys(c *regulars.Client) [3][2]string {
	return [3][2]string{{"email", regulars.NormalizeEmail(c.Email)}, {"phone", regulars.NormalizePhone(c.Phone)},
		{"name", regulars.ClientNameKey(c.Name, c.Company, c.Email, c.Phone)}}
}

// editedKind is the kind of client_keys a key an edit replaced is kept as: "email" → "email
// edited". An import matches the client by it, as by a merged client's keys, so that a sheet
// with the old email, phone or name does not make the client again with its orders; but it is
// no claim on the email (uniqueEmail reads "email" keys only), and a client given it takes it
// (see releaseKeptKeys).
func editedKind(kind string) string { return kind + editedSuffix }

const editedSuffix = " edited"

// keepEditedKeys keeps the keys an edit replaced, but a phone or a name another client has now:
// a rename that tells two namesakes apart must not make them one name again.
func keepEditedKeys(ctx context.Context, tx *Tx, id int64, old, now [3][2]string) error {
	for i, k := range old {
		if k[1] == "" || k[1] == "|" || k[1] == now[i][1] {
			continue
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM clients WHERE `+keyColumns[i]+` = $1 AND id <> $2)`, k[1], id).Scan(&taken); err != nil {
			return fmt.Errorf("keep client keys: %w", err)
		}
		if taken {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_keys (client_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			id, editedKind(k[0]), k[1]); err != nil {
			return fmt.Errorf("keep client keys: %w", err)
		}
	}
	return nil
}

// releaseKeptKeys takes from other clients the keys an edit kept that c has now: the email
// given to its real owner is that one's to be found by.
func releaseKeptKeys(ctx context.Context, tx *Tx, c *regulars.Client) error {
	for _, k := range clientKeys(c) {
		if k[1] == "" || k[1] == "|" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_keys WHERE kind IN ($1, $2) AND value = $3 AND client_id <> $4`,
			editedKind(k[0]), k[0]+aliasSuffix, k[1], c.ID); err != nil {
			return fmt.Errorf("release client keys: %w", err)
		}
	}
	return nil
}

// releaseDeleted gives c, a client the user adds, or edits from the keys old, the rows of the
// deleted clients it is (see rememberDeleted): those of its email, those of its name and
// phone, and those of its name where it or the deleted client has neither email nor phone.
// All their keys are released, so that rows of the deleted client's other email or an old
// phone come to c too. Of other deleted clients, it releases the keys the user gave c: a
// phone the user gives c is c's to be found by (see the importer's matcher.deleted, where a
// deleted client's key otherwise beats a younger living client's, one the import made). An
// edit that changes none of c's keys releases nothing.
func releaseDeleted(ctx context.Context, tx *Tx, c *regulars.Client, old [3][2]string) error {
	now := clientKeys(c)
	var given [3]string // the keys the user gave c, "" for those unchanged: no kept key is ""
	for i := range now {
		if now[i][1] != old[i][1] {
			given[i] = now[i][1]
		}
	}
	if given == [3]string{} {
		return nil
	}
	email, phone, name := now[0][1], now[1][1], now[2][1]
	contactless := 0
	if email == "" && phone == "" {
		contactless = 1
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM deleted_clients WHERE client_id IN (
		SELECT d.client_id FROM deleted_clients d WHERE (d.kind = 'email' AND d.value = $1)
		OR (d.kind = 'name' AND d.value = $3 AND ($4 = 1
			OR EXISTS (SELECT 1 FROM deleted_clients p WHERE p.client_id = d.client_id AND p.kind = 'phone' AND p.value = $2)
			OR NOT EXISTS (SELECT 1 FROM deleted_clients p WHERE p.client_id = d.client_id AND p.kind IN ('email', 'phone')))))
		OR (kind = 'email' AND value = $5) OR (kind = 'phone' AND value = $6) OR (kind = 'name' AND value = $7)`,
		email, phone, name, contactless, given[0], given[1], given[2]); err != nil {
		return fmt.Errorf("release deleted client keys: %w", FormatError(err))
	}
	return nil
}

// DeleteClient removes the client and, by cascade, everything recorded about it, but for
// the keys an import would match it by (see rememberDeleted).
func (s *ClientService) DeleteClient(ctx context.Context, id int64) error {
	return s.deleteClient(ctx, id, true)
}

// ForgetClient removes the client and everything recorded about it, keeping nothing: a
// sheet that has it makes it again. Of a client deleted before, it removes the keys
// DeleteClient kept. For a deletion the client asked for: none of their data stays.
func (s *ClientService) ForgetClient(ctx context.Context, id int64) error {
	return s.deleteClient(ctx, id, false)
}

func (s *ClientService) deleteClient(ctx context.Context, id int64, remember bool) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	forgotten := int64(0)
	if !remember {
		res, err := tx.ExecContext(ctx, `DELETE FROM deleted_clients WHERE client_id = $1`, id)
		if err != nil {
			return fmt.Errorf("forget client: %w", err)
		}
		if forgotten, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("forget client: %w", err)
		}
	}
	if _, err := findClientByID(ctx, tx, id); regulars.ErrorCode(err) == regulars.ENOTFOUND && forgotten > 0 {
		return tx.Commit() // deleted before: its keys are gone now
	} else if err != nil {
		return err
	}
	if err := cancelMarketing(ctx, tx, id, "client deleted"); err != nil {
		return err
	}
	if remember {
		if err := rememberDeleted(ctx, tx, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM clients WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete client: %w", FormatError(err))
	}
	return tx.Commit()
}

// rememberDeleted keeps the keys an import matches the client id by, in deleted_clients,
// so that the rows of a sheet that made it do not make it again (see
// regulars.ImportIndex.DeletedClients): its email, phone, name key and merged keys. The name
// key too when it had an email: rule 3 took a row of its name without contacts for it (a
// sheet that gives the email on some rows only, a client known by name alone merged into
// it), and such a row would make it again. A namesake's row is left out so, and listed
// under the deleted client's name, not silently: a random walk of edits that deleted merged
// clients brought them back keeping only the name keys of clients without contacts.
func rememberDeleted(ctx context.Context, tx *Tx, id int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT 'email', email_norm, name FROM clients WHERE id = $1 AND email_norm <> ''
		UNION ALL SELECT 'phone', phone_norm, name FROM clients WHERE id = $1 AND phone_norm <> ''
		UNION ALL SELECT 'name', name_key, name FROM clients WHERE id = $1 AND name_key <> '|'
		UNION ALL SELECT k.kind, k.value, c.name FROM client_keys k JOIN clients c ON c.id = k.client_id
			WHERE k.client_id = $1 AND k.kind NOT LIKE '%`+aliasSuffix+`'`, id)
	if err != nil {
		return fmt.Errorf("delete client: %w", err)
	}
	var keys [][3]string
	for rows.Next() {
		var k [3]string
		if err := rows.Scan(&k[0], &k[1], &k[2]); err != nil {
			rows.Close()
			return fmt.Errorf("delete client: %w", err)
		}
		k[0] = strings.TrimSuffix(k[0], editedSuffix) // a key an edit replaced: a sheet may still have it
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("delete client: %w", err)
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_clients (client_id, kind, value, name, deleted_at) VALUES ($1, $2, $3, $4, $5)`,
			id, k[0], k[1], k[2], stamp(tx.now)); err != nil {
			return fmt.Errorf("delete client: %w", err)
		}
	}
	return nil
}

// phoneQuery returns the patterns (for LIKE) of the normalised phones (see
// regulars.NormalizePhone) that a search q names as a phone or a part of one, or none for a
// search that is no phone: letters, or fewer than four digits (three in parentheses: an area
// code, the beginning of a number after the country code). A part typed with the country code
// (+7 903) or the trunk prefix (8 903) is the beginning of a number, as +7 903…; a part that
// starts with 8 may also be digits inside one (812 555 still finds +7 812 555…); any other
// part, the end of a number as well (2233).
func phoneQuery(q string) []string {
	q = strings.TrimSpace(q)
	digits := make([]byte, 0, len(q))
	paren := false
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '(' || r == ')':
			paren = true
		case r != ' ' && r != '+' && r != '-' && r != '.':
			return nil
		}
	}
	if len(digits) < 4 && !(paren && len(digits) == 3) {
		return nil
	}
	if n := regulars.NormalizePhone(q); len(n) == 11 { // a whole number, however typed
		return []string{n}
	}
	d := string(digits)
	switch {
	case paren && len(d) == 3: // an area code: +7 (916) …
		return []string{"7" + d + "%"}
	case strings.HasPrefix(q, "+"):
		return []string{d + "%"}
	case d[0] == '8':
		return []string{"%" + d + "%", "7" + d[1:] + "%"}
	}
	return []string{"%" + d + "%"}
}

func findClientByID(ctx context.Context, tx *Tx, id int64) (*regulars.Client, error) {
	cs, _, err := findClients(ctx, tx, regulars.ClientFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, notFound("clients", "Client", id)
	}
	return cs[0], nil
}

func findClients(ctx context.Context, tx *Tx, filter regulars.ClientFilter) ([]*regulars.Client, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if v := filter.ID; v != nil {
		add("id = ?", *v)
	}
	if v := filter.Email; v != nil {
		add("email_norm = ?", regulars.NormalizeEmail(*v))
	}
	if v := filter.Phone; v != nil {
		add("phone_norm = ?", regulars.NormalizePhone(*v))
	}
	if v := filter.Tag; v != nil {
		add("id IN (SELECT client_id FROM client_tags WHERE tag = ?)", strings.ToLower(strings.TrimSpace(*v)))
	}
	if v := filter.Query; v != nil {
		lower := strings.ReplaceAll(strings.ToLower(*v), "ё", "е") // as the search text has it
		args = append(args, "%"+escapeLike(lower)+"%")
		or := []string{fmt.Sprintf(`search LIKE $%d ESCAPE '\'`, len(args))}
		if folded := regulars.FoldMixedWords(lower); folded != lower { // typed with a letter of the other keyboard
			args = append(args, "%"+escapeLike(folded)+"%")
			or = append(or, fmt.Sprintf(`search LIKE $%d ESCAPE '\'`, len(args)))
		}
		for _, p := range phoneQuery(*v) { // a phone as typed some other way: 8 903… for +7 (903)…
			args = append(args, p)
			or = append(or, fmt.Sprintf(`phone_norm LIKE $%d`, len(args)))
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	q := `SELECT ` + clientColumns + `, COUNT(*) OVER() FROM clients WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY id` + limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find clients: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Client
	var total int
	for rows.Next() {
		c, err := scanClient(rows, &total)
		if err != nil {
			return nil, 0, fmt.Errorf("scan client: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find clients: %w", err)
	}
	if err := attachTags(ctx, tx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// escapeLike escapes the LIKE wildcards in s; both engines take \ as the escape character
// when told with ESCAPE, and PostgreSQL by default.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func limitOffset(limit, offset int) string {
	s := ""
	if limit > 0 {
		s += fmt.Sprintf(" LIMIT %d", limit)
	} else if offset > 0 {
		s += " LIMIT 9223372036854775807" // both engines want a LIMIT before OFFSET
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}

func createClient(ctx context.Context, tx *Tx, c *regulars.Client) error {
	now := stamp(tx.now)
	if err := tx.QueryRowContext(ctx, insertClientSQL, clientArgs(c, now)...).Scan(&c.ID); err != nil {
		return fmt.Errorf("create client: %w", FormatError(err))
	}
	c.CreatedAt, c.UpdatedAt = tx.now, tx.now
	return replaceTags(ctx, tx, c.ID, c.Tags)
}

func updateClient(ctx context.Context, tx *Tx, c *regulars.Client) error {
	args := append(clientArgs(c, stamp(tx.now)), c.ID)
	_, err := tx.ExecContext(ctx, `UPDATE clients SET name = $1, company = $2, email = $3, phone = $4,
		messenger = $5, industry = $6, time_zone = $7, source = $8, referred_by = $9, notes = $10,
		pain_points = $11, goals = $12, preferred_channel = $13, detail_level = $14,
		preferred_time = $15, marketing_consent = $16, consent_on = $17, email_norm = $18,
		phone_norm = $19, name_key = $20, search = $21, updated_at = $22 WHERE id = $23`, args...)
	if err != nil {
		return fmt.Errorf("update client: %w", FormatError(err))
	}
	c.UpdatedAt = tx.now
	return replaceTags(ctx, tx, c.ID, c.Tags)
}

// setLastContactSQL recomputes clients' last contact from their interactions; without a
// WHERE, every client's.
const setLastContactSQL = `UPDATE clients SET last_contact_on =
	(SELECT MAX(happened_on) FROM interactions i WHERE i.client_id = clients.id)`

// setLastContact recomputes the last contact of the client from its interactions.
func setLastContact(ctx context.Context, tx *Tx, clientID int64) error {
	if _, err := tx.ExecContext(ctx, setLastContactSQL+` WHERE id = $1`, clientID); err != nil {
		return fmt.Errorf("last contact: %w", err)
	}
	return nil
}
