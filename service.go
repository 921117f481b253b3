package regulars

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Kinds of links between services.
const (
	LinkNext      = "next"       // the next step of a chain: landing page → analytics
	LinkCrossSell = "cross_sell" // something that goes with it: logo → brand colours and fonts
	LinkUpsell    = "upsell"     // a higher tier: basic SEO audit → with technical analysis
)

// Service is an entry of the business's catalog: what it sells and for how much.
type Service struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Category    string   `json:"category"`
	Price       Money    `json:"-"`
	Description string   `json:"description"`
	Industries  []string `json:"industries"` // industries it fits; empty means every industry

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (s *Service) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Price.Currency == "" {
		s.Price.Currency = DefaultCurrency
	}
	switch {
	case s.Name == "":
		return FieldError("name", "Service name required.").Keyed("valid.service_name")
	case s.Price.Minor < 0:
		return FieldError("price", "Price must not be negative.").Keyed("valid.price_negative")
	case !ValidCurrency(s.Price.Currency):
		return FieldError("currency", "Currency must be an ISO 4217 code such as RUB, USD or EUR.").Keyed("valid.currency")
	}
	s.Industries = NormalizeTags(s.Industries)
	return nil
}

// ServiceLink says that after the service From the client may want To.
type ServiceLink struct {
	ID      int64  `json:"id"`
	FromID  int64  `json:"from_id"`
	ToID    int64  `json:"to_id"`
	Kind    string `json:"kind"`     // next, cross_sell or upsell
	GapDays int    `json:"gap_days"` // the typical time between the two; 0 if unknown
	Note    string `json:"note"`
}

// MaxGapDays bounds a link's gap: ten years is past any next step a business plans.
const MaxGapDays = 3653

// Validate returns an EINVALID error naming the first field that is wrong.
func (l *ServiceLink) Validate() error {
	switch {
	case l.FromID == 0 || l.ToID == 0:
		return FieldError("to_id", "A link needs two services.").Keyed("valid.link_two")
	case l.FromID == l.ToID:
		return FieldError("to_id", "A service cannot link to itself.").Keyed("valid.link_self")
	case !oneOf(l.Kind, LinkNext, LinkCrossSell, LinkUpsell):
		return FieldError("kind", "Link kind must be next, cross_sell or upsell.").Keyed("valid.link_kind")
	case l.GapDays < 0:
		return FieldError("gap_days", "Gap must not be negative.").Keyed("valid.gap_negative")
	case l.GapDays > MaxGapDays:
		return FieldError("gap_days", fmt.Sprintf("Gap must be at most %d days (ten years).", MaxGapDays)).Keyed("valid.gap_max", "Max", MaxGapDays)
	}
	return nil
}

// ServiceFilter selects services.
type ServiceFilter struct {
	ID   *int64
	Name *string // exact, case-insensitive

	Offset int
	Limit  int
}

// CatalogService manages the services and the links between them.
type CatalogService interface {
	FindServiceByID(ctx context.Context, id int64) (*Service, error)
	FindServices(ctx context.Context, filter ServiceFilter) ([]*Service, int, error)
	CreateService(ctx context.Context, s *Service) error
	DeleteService(ctx context.Context, id int64) error
	// FindServiceLinks returns every link, by from_id then kind.
	FindServiceLinks(ctx context.Context) ([]*ServiceLink, error)
	CreateServiceLink(ctx context.Context, l *ServiceLink) error
	DeleteServiceLink(ctx context.Context, id int64) error
}

// ServiceKey is the name a service is unique by and matched by: case and spacing ignored.
func ServiceKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }
