package regulars

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// SettingProfile keeps the business profile, as JSON.
const SettingProfile = "profile"

// Profile is the business's profile and the numbers its rules run on, edited on the settings
// page. Zero numbers mean the defaults the rules document (the source articles' values), so an
// empty profile changes nothing.
type Profile struct {
	Name string `json:"name"`
	// Currency is the currency of amounts that name none (a sheet without a currency column);
	// "" means DefaultCurrency.
	Currency string `json:"currency"`
	// TimeZone is the business's IANA time zone, which decides what "today" is; "" means
	// the server's configuration (--tz, REGULARS_TZ, else Europe/Moscow), which also overrides it.
	TimeZone string `json:"time_zone"`

	// Lead times of the agenda, in days: how far ahead items show, and how early or late each
	// reason comes (see agenda.Config).
	AgendaDays      int `json:"agenda_days"`
	DateLead        int `json:"date_lead"`
	HolidayLead     int `json:"holiday_lead"`
	PreDelivery     int `json:"pre_delivery"`
	FeedbackAfter   int `json:"feedback_after"`
	CheckinAfter    int `json:"checkin_after"`
	PlanLead        int `json:"plan_lead"`
	AnniversaryLead int `json:"anniversary_lead"`
	TouchVIP        int `json:"touch_vip"`
	TouchActive     int `json:"touch_active"`
	TouchPassive    int `json:"touch_passive"`

	// Thresholds of the segments (see analytics.SegmentOptions): VIP is the top VIPTopPercent
	// of clients by revenue with at least VIPMinOrders order days; a client is active with an
	// order or contact within ActiveDays; the value tier is personal from PersonalMin a
	// year, template under TemplateBelow (whole units of Currency).
	VIPTopPercent int   `json:"vip_top_percent"`
	VIPMinOrders  int   `json:"vip_min_orders"`
	ActiveDays    int   `json:"active_days"`
	PersonalMin   int64 `json:"personal_min"`
	TemplateBelow int64 `json:"template_below"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (p *Profile) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
	p.TimeZone = strings.TrimSpace(p.TimeZone)
	if p.Currency != "" && !ValidCurrency(p.Currency) {
		return FieldError("currency", "Currency must be a three-letter ISO code such as RUB.")
	}
	if p.TimeZone != "" {
		if _, err := time.LoadLocation(p.TimeZone); err != nil {
			return FieldError("time_zone", fmt.Sprintf("Unknown time zone %q: use a name such as Europe/Moscow.", p.TimeZone))
		}
	}
	for _, f := range []struct {
		name     string
		v, limit int64
	}{
		{"agenda_days", int64(p.AgendaDays), 60}, {"date_lead", int64(p.DateLead), 365}, {"holiday_lead", int64(p.HolidayLead), 60},
		{"pre_delivery", int64(p.PreDelivery), 365}, {"feedback_after", int64(p.FeedbackAfter), 365},
		{"checkin_after", int64(p.CheckinAfter), 365}, {"plan_lead", int64(p.PlanLead), 365},
		{"anniversary_lead", int64(p.AnniversaryLead), 365}, {"touch_vip", int64(p.TouchVIP), 3650},
		{"touch_active", int64(p.TouchActive), 3650}, {"touch_passive", int64(p.TouchPassive), 3650},
		{"vip_top_percent", int64(p.VIPTopPercent), 100}, {"vip_min_orders", int64(p.VIPMinOrders), 1000},
		{"active_days", int64(p.ActiveDays), 3650}, {"personal_min", p.PersonalMin, 1e12}, {"template_below", p.TemplateBelow, 1e12},
	} {
		if f.v < 0 || f.v > f.limit {
			return FieldError(f.name, fmt.Sprintf("%s must be from 0 (the default) to %d.", f.name, f.limit))
		}
	}
	return nil
}

// ReadProfile returns the stored profile, or an empty one.
func ReadProfile(ctx context.Context, settings SettingService) (Profile, error) {
	var p Profile
	s, err := settings.Setting(ctx, SettingProfile)
	if ErrorCode(err) == ENOTFOUND {
		return p, nil
	} else if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return p, fmt.Errorf("read profile: %w", err)
	}
	return p, nil
}

// SaveProfile validates and stores the profile.
func SaveProfile(ctx context.Context, settings SettingService, p Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return settings.SetSetting(ctx, SettingProfile, string(b))
}
