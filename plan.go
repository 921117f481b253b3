package regulars

import (
	"context"
	"strings"
	"time"
)

// Plan is something a client plans to do, and when: "launches a product in autumn",
// "plans to expand". Regulars uses it to offer the right service ahead of time.
type Plan struct {
	ID        int64     `json:"id"`
	ClientID  int64     `json:"client_id"`
	Title     string    `json:"title"`
	On        Date      `json:"date"` // when it is planned to happen
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *Plan) Validate() error {
	p.Title = strings.TrimSpace(p.Title)
	switch {
	case p.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case p.Title == "":
		return FieldError("title", "Plan title required.").Keyed("valid.plan_title")
	case p.On.IsZero():
		return FieldError("date", "Date required.").Keyed("valid.date_required")
	}
	return nil
}

// PlanService manages client plans.
type PlanService interface {
	FindPlans(ctx context.Context, filter RecordFilter) ([]*Plan, int, error)
	CreatePlan(ctx context.Context, p *Plan) error
	DeletePlan(ctx context.Context, id int64) error
}
