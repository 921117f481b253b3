package agenda

import (
	"time"

	"github.com/regulars/regulars/internal/ical"
)

// Calendar returns the items as an iCalendar feed: one all-day event per item, its UID the
// item's key, so that subscribers keep the same events between fetches.
func Calendar(items []Item, stamp time.Time) ical.Calendar {
	cal := ical.Calendar{ProdID: "-//Regulars//Agenda//RU", Name: "Regulars"}
	for _, it := range items {
		cal.Events = append(cal.Events, ical.Event{UID: it.Key + "@regulars", Day: it.DueOn,
			Summary: it.Name + ": " + it.Kind, Description: it.Reason, Stamp: stamp})
	}
	return cal
}
