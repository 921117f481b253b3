package regulars

import (
	"context"
	"time"
)

// Kinds of important dates.
const (
	DateBirthday           = "birthday"
	DateCompanyAnniversary = "company_anniversary"
	DateProductLaunch      = "product_launch"
	DateSeason             = "season" // a seasonal campaign: New Year, 8 March, back to school
	DateHoliday            = "holiday"
	DateCustom             = "custom"
)

// ImportantDate is a day that matters to a client: each is a reason to get in touch.
type ImportantDate struct {
	ID        int64     `json:"id"`
	ClientID  int64     `json:"client_id"`
	Kind      string    `json:"kind"`
	On        Date      `json:"date"`
	Yearly    bool      `json:"yearly"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (d *ImportantDate) Validate() error {
	switch {
	case d.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case d.On.IsZero():
		return FieldError("date", "Date required.").Keyed("valid.date_required")
	case !oneOf(d.Kind, DateBirthday, DateCompanyAnniversary, DateProductLaunch, DateSeason, DateHoliday, DateCustom):
		return FieldError("kind", "Kind must be birthday, company_anniversary, product_launch, season, holiday or custom.").Keyed("valid.date_kind")
	}
	return nil
}

// ImportantDateService manages important dates.
type ImportantDateService interface {
	// FindImportantDates returns matching dates by date. From/To filter the stored date.
	FindImportantDates(ctx context.Context, filter RecordFilter) ([]*ImportantDate, int, error)
	CreateImportantDate(ctx context.Context, d *ImportantDate) error
	DeleteImportantDate(ctx context.Context, id int64) error
}
