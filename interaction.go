package regulars

import (
	"context"
	"time"
)

// Directions of a contact.
const (
	DirectionOutbound = "outbound" // we reached out
	DirectionInbound  = "inbound"  // the client reached us
)

// Interaction is one entry of the contact log: a call, a message, a meeting.
type Interaction struct {
	ID        int64     `json:"id"`
	ClientID  int64     `json:"client_id"`
	On        Date      `json:"date"`
	Channel   string    `json:"channel"`   // call, message, email, meeting, other
	Direction string    `json:"direction"` // outbound, inbound
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (i *Interaction) Validate() error {
	if i.Channel == "" {
		i.Channel = ChannelMessage
	}
	if i.Direction == "" {
		i.Direction = DirectionOutbound
	}
	switch {
	case i.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case i.On.IsZero():
		return FieldError("date", "Date required.").Keyed("valid.date_required")
	case !oneOf(i.Channel, ChannelCall, ChannelMessage, ChannelEmail, ChannelMeeting, ChannelOther):
		return FieldError("channel", "Channel must be call, message, email, meeting or other.").Keyed("valid.interaction_channel")
	case !oneOf(i.Direction, DirectionOutbound, DirectionInbound):
		return FieldError("direction", "Direction must be outbound or inbound.").Keyed("valid.interaction_direction")
	}
	return checkLengths(lengthCheck{"note", i.Note, MaxText})
}

// RecordFilter selects the records of one kind (interactions, dates, plans, events).
type RecordFilter struct {
	ClientID *int64
	From, To *Date // inclusive
	// Falls, for important dates only, keeps the dates that fall on that day: a once-only
	// date on it, a yearly one on its month and day (a 29 February on the 28th in other years).
	Falls *Date

	Offset int
	Limit  int
}

// InteractionService manages the contact log.
type InteractionService interface {
	// FindInteractions returns matching interactions, newest first.
	FindInteractions(ctx context.Context, filter RecordFilter) ([]*Interaction, int, error)
	CreateInteraction(ctx context.Context, i *Interaction) error
	DeleteInteraction(ctx context.Context, id int64) error
}
