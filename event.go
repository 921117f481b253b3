package regulars

import (
	"context"
	"strings"
	"time"
)

// Event is something the client did that hints at a need, named "verb:object":
// "downloaded:seo-checklist" → offer a site audit.
type Event struct {
	ID        int64     `json:"id"`
	ClientID  int64     `json:"client_id"`
	Name      string    `json:"name"`
	On        Date      `json:"date"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (e *Event) Validate() error {
	e.Name = strings.ToLower(strings.TrimSpace(e.Name))
	switch {
	case e.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case e.Name == "" || strings.ContainsAny(e.Name, " \t\n"):
		return FieldError("name", "Event name required, without spaces, e.g. downloaded:seo-checklist.").Keyed("valid.event_name")
	case e.On.IsZero():
		return FieldError("date", "Date required.").Keyed("valid.date_required")
	}
	return nil
}

// EventService manages client events.
type EventService interface {
	FindEvents(ctx context.Context, filter RecordFilter) ([]*Event, int, error)
	CreateEvent(ctx context.Context, e *Event) error
	DeleteEvent(ctx context.Context, id int64) error
}
