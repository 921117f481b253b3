package regulars

import (
	"fmt"
	"time"
)

// SendWindow is the hours of the day a client gets letters, in the client's time zone: From
// (inclusive) to To (exclusive), whole hours. The zero window means any time.
type SendWindow struct {
	Zone     string `json:"zone"`
	From, To int
}

// String encodes the window as "Europe/Moscow 17 20", "" for any time.
func (w SendWindow) String() string {
	if w.Zone == "" {
		return ""
	}
	return fmt.Sprintf("%s %d %d", w.Zone, w.From, w.To)
}

// ParseSendWindow decodes String's form; anything else is any time.
func ParseSendWindow(s string) SendWindow {
	var w SendWindow
	if _, err := fmt.Sscanf(s, "%s %d %d", &w.Zone, &w.From, &w.To); err != nil || w.From < 0 || w.To > 24 || w.From >= w.To {
		return SendWindow{}
	}
	return w
}

// Next returns the first moment from t within the window: t itself inside it, else the
// window's next start.
func (w SendWindow) Next(t time.Time) time.Time {
	if w.Zone == "" {
		return t
	}
	loc, err := LoadLocation(w.Zone)
	if err != nil {
		return t
	}
	local := t.In(loc)
	start := time.Date(local.Year(), local.Month(), local.Day(), w.From, 0, 0, 0, loc)
	end := time.Date(local.Year(), local.Month(), local.Day(), w.To, 0, 0, 0, loc)
	switch {
	case local.Before(start):
		return start.UTC()
	case local.Before(end):
		return t.UTC()
	default:
		return start.AddDate(0, 0, 1).UTC()
	}
}
