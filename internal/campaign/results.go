package campaign

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/regulars/regulars"
)

// Results are what a sequence did and what followed it.
type Results struct {
	Sequence string `json:"sequence"`
	Enrolled int    `json:"enrolled"`
	// Letters by state: sent, failed (bounced among them), in doubt, still queued.
	Sent     int `json:"sent"`
	Failed   int `json:"failed"`
	Bounced  int `json:"bounced"`
	InDoubt  int `json:"in_doubt"`
	Queued   int `json:"queued"`
	Replied  int `json:"replied"`
	Ordered  int `json:"ordered"`
	Unsubscr int `json:"unsubscribed"`
	// Orders placed within WindowDays of a client's first letter, and their revenue in the
	// business's currency (orders in others are left out).
	WindowDays   int            `json:"window_days"`
	OrdersAfter  int            `json:"orders_after"`
	RevenueAfter regulars.Money `json:"-"`
	// Cost is what the owner says the sequence cost; ROI is RevenueAfter / Cost (8 for 800%),
	// nil without a cost. It counts every order that followed, caused by the letter or not:
	// the honest, holdout-based figure comes later.
	Cost regulars.Money `json:"-"`
	ROI  *float64       `json:"roi"`
}

// Measure adds up the results of every sequence of seqs, costs by sequence key: one read of
// the runs, of the letters and of the orders since the first letter, whatever the number of
// sequences.
func Measure(ctx context.Context, seqs []*regulars.Sequence, svc regulars.SequenceService, ob regulars.OutboxService,
	orders regulars.OrderService, costs map[string]regulars.Money, window int, loc *time.Location) ([]*Results, error) {
	out := make([]*Results, len(seqs))
	at := map[int64]int{} // sequence ID → index
	for i, seq := range seqs {
		cost := costs[seq.Key]
		out[i] = &Results{Sequence: seq.Key, WindowDays: window, Cost: cost, RevenueAfter: regulars.Money{Currency: cost.Currency}}
		at[seq.ID] = i
	}
	runs, err := svc.FindEnrolments(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	for _, run := range runs {
		i, ok := at[run.SequenceID]
		if !ok {
			continue
		}
		r := out[i]
		r.Enrolled++
		switch run.StopReason {
		case regulars.StopReplied:
			r.Replied++
		case regulars.StopOrdered:
			r.Ordered++
		case regulars.StopUnsubscribed:
			r.Unsubscr++
		}
	}
	letters, err := ob.FindLetters(ctx, regulars.LetterFilter{Brief: true})
	if err != nil {
		return nil, err
	}
	// Each client's first letter sent, by sequence.
	type first struct {
		seq int
		day regulars.Date
	}
	firsts := map[int64][]first{}
	var from regulars.Date
	for _, l := range letters {
		i, ok := at[l.SequenceID]
		if !ok { // a mailing's letter, or a removed sequence's
			continue
		}
		r := out[i]
		switch l.State {
		case regulars.LetterSent:
			r.Sent++
			day := regulars.DateOf(l.SentAt.In(loc))
			fs := firsts[l.ClientID]
			k := slices.IndexFunc(fs, func(f first) bool { return f.seq == i })
			switch {
			case k < 0:
				firsts[l.ClientID] = append(fs, first{i, day})
			case day.Before(fs[k].day):
				fs[k].day = day
			}
			if from.IsZero() || day.Before(from) {
				from = day
			}
		case regulars.LetterFailed:
			r.Failed++
			if l.Bounced {
				r.Bounced++
			}
		case regulars.LetterInDoubt:
			r.InDoubt++
		case regulars.LetterQueued, regulars.LetterSending:
			r.Queued++
		}
	}
	if len(firsts) > 0 {
		err := orders.EachOrderRow(ctx, regulars.OrderFilter{From: &from}, func(o *regulars.OrderRow) error {
			if !o.Counts() {
				return nil
			}
			for _, f := range firsts[o.ClientID] {
				r := out[f.seq]
				if o.OrderedOn.Before(f.day) || o.OrderedOn.After(f.day.AddDays(window)) {
					continue
				}
				if r.RevenueAfter.Currency == "" {
					r.RevenueAfter.Currency = o.Amount.Currency
				}
				if o.Amount.Currency == r.RevenueAfter.Currency {
					r.OrdersAfter++
					r.RevenueAfter.Minor += o.Revenue().Minor
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, r := range out {
		if r.Cost.Minor > 0 && r.Cost.Currency == r.RevenueAfter.Currency {
			roi := float64(r.RevenueAfter.Minor) / float64(r.Cost.Minor)
			r.ROI = &roi
		}
	}
	return out, nil
}

// MarshalJSON encodes the results with revenue_after and cost in major units and their currency.
func (r Results) MarshalJSON() ([]byte, error) {
	type plain Results
	return json.Marshal(struct {
		plain
		RevenueAfter json.Number `json:"revenue_after"`
		Cost         json.Number `json:"cost"`
		Currency     string      `json:"currency"`
	}{plain(r), r.RevenueAfter.JSONNumber(), r.Cost.JSONNumber(), cmp.Or(r.RevenueAfter.Currency, r.Cost.Currency)})
}

// settingCosts keeps what the owner says each sequence cost: {"reactivation": {"minor": 1000000, "currency": "RUB"}}.
const settingCosts = "campaign_costs"

type cost struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

// Costs returns the sequences' costs, by key.
func Costs(ctx context.Context, settings regulars.SettingService) (map[string]regulars.Money, error) {
	raw := map[string]cost{}
	s, err := settings.Setting(ctx, settingCosts)
	if err != nil && regulars.ErrorCode(err) != regulars.ENOTFOUND {
		return nil, err
	}
	if s != "" {
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, fmt.Errorf("campaign costs: %w", err)
		}
	}
	out := make(map[string]regulars.Money, len(raw))
	for k, c := range raw {
		out[k] = regulars.Money{Minor: c.Minor, Currency: c.Currency}
	}
	return out, nil
}

// SetCost records what a sequence cost.
func SetCost(ctx context.Context, settings regulars.SettingService, key string, m regulars.Money) error {
	all, err := Costs(ctx, settings)
	if err != nil {
		return err
	}
	all[key] = m
	raw := make(map[string]cost, len(all))
	for k, v := range all {
		raw[k] = cost{v.Minor, v.Currency}
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return settings.SetSetting(ctx, settingCosts, string(b))
}
