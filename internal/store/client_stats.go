package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
)

// attachTags loads the tags of the clients.
func attachTags(ctx context.Context, tx *Tx, clients []*regulars.Client) error {
	if len(clients) == 0 {
		return nil
	}
	byID := make(map[int64]*regulars.Client, len(clients))
	for _, c := range clients {
		byID[c.ID] = c
	}
	return eachIDChunk(clients, func(in string) error {
		rows, err := tx.QueryContext(ctx, `SELECT client_id, tag FROM client_tags WHERE client_id`+in+` ORDER BY client_id, tag`)
		if err != nil {
			return fmt.Errorf("find tags: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var tag string
			if err := rows.Scan(&id, &tag); err != nil {
				return fmt.Errorf("scan tag: %w", err)
			}
			if c := byID[id]; c != nil {
				c.Tags = append(c.Tags, tag)
			}
		}
		return rows.Err()
	})
}

// eachIDChunk calls fn with " IN (…)" lists of at most 500 client IDs, or, for more than
// 5,000 clients, once with " IS NOT NULL": scanning the table once is cheaper than many lookups,
// and the caller ignores rows of other clients.
func eachIDChunk(clients []*regulars.Client, fn func(in string) error) error {
	if len(clients) > 5000 {
		return fn(" IS NOT NULL")
	}
	for start := 0; start < len(clients); start += 500 {
		end := min(start+500, len(clients))
		ids := make([]string, 0, end-start)
		for _, c := range clients[start:end] {
			ids = append(ids, fmt.Sprint(c.ID))
		}
		if err := fn(" IN (" + strings.Join(ids, ",") + ")"); err != nil {
			return err
		}
	}
	return nil
}

// replaceTags sets the client's tags to tags.
func replaceTags(ctx context.Context, tx *Tx, clientID int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_tags WHERE client_id = $1`, clientID); err != nil {
		return fmt.Errorf("replace tags: %w", err)
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_tags (client_id, tag) VALUES ($1, $2)`, clientID, t); err != nil {
			return fmt.Errorf("replace tags: %w", FormatError(err))
		}
	}
	return nil
}

// findClientStats adds up the orders of the clients that count (not cancelled or refunded).
// A client's revenue is in the currency most of its orders use; orders in other currencies
// count as orders but not towards that revenue.
func findClientStats(ctx context.Context, tx *Tx, clients []*regulars.Client) (map[int64]regulars.ClientStats, error) {
	out := make(map[int64]regulars.ClientStats, len(clients))
	want := make(map[int64]bool, len(clients))
	for _, c := range clients {
		want[c.ID] = true
	}
	best := make(map[int64]int, len(clients)) // orders in the currency chosen so far
	err := eachIDChunk(clients, func(in string) error {
		rows, err := tx.QueryContext(ctx, `SELECT client_id, currency, COUNT(*), SUM(amount_minor - COALESCE(refunded_minor, 0)),
			MIN(ordered_on), MAX(ordered_on) FROM orders
			WHERE status NOT IN ('cancelled', 'refunded') AND client_id`+in+`
			GROUP BY client_id, currency`)
		if err != nil {
			return fmt.Errorf("client stats: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, sum int64
			var n int
			var cur string
			var first, last regulars.Date
			if err := rows.Scan(&id, &cur, &n, &sum, &first, &last); err != nil {
				return fmt.Errorf("scan client stats: %w", err)
			}
			if !want[id] {
				continue
			}
			s := out[id]
			s.Orders += n
			if n > best[id] || n == best[id] && cur < s.Revenue.Currency {
				best[id] = n
				s.Revenue = regulars.Money{Minor: sum, Currency: cur}
			}
			if s.FirstOrder.IsZero() || first.Before(s.FirstOrder) {
				s.FirstOrder = first
			}
			if last.After(s.LastOrder) {
				s.LastOrder = last
			}
			out[id] = s
		}
		return rows.Err()
	})
	return out, err
}

// summaryPage is how many clients EachClientSummary reads at a time.
const summaryPage = 2000

// EachClientSummary calls fn for every client with its statistics, by ID, a page at a time;
// each page is read in its own transaction.
func (s *ClientService) EachClientSummary(ctx context.Context, fn func(regulars.ClientSummary) error) error {
	var after int64
	for {
		page, err := s.summaryPage(ctx, after)
		if err != nil {
			return err
		}
		for _, sum := range page {
			if err := fn(sum); err != nil {
				return err
			}
		}
		if len(page) < summaryPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

func (s *ClientService) summaryPage(ctx context.Context, after int64) ([]regulars.ClientSummary, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+clientColumns+` FROM clients WHERE id > $1 ORDER BY id LIMIT `+
		fmt.Sprint(summaryPage), after)
	if err != nil {
		return nil, fmt.Errorf("each client: %w", err)
	}
	var clients []*regulars.Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("each client: %w", err)
		}
		clients = append(clients, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("each client: %w", err)
	}
	if err := attachTags(ctx, tx, clients); err != nil {
		return nil, err
	}
	stats, err := findClientStats(ctx, tx, clients)
	if err != nil {
		return nil, err
	}
	out := make([]regulars.ClientSummary, len(clients))
	for i, c := range clients {
		out[i] = regulars.ClientSummary{Client: c, Stats: stats[c.ID]}
	}
	return out, nil
}
