package regulars

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
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
	// LetterLang is the language of letters to clients: "ru" (the default) or "en".
	LetterLang string `json:"letter_lang"`

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
	if p.LetterLang != "" && p.LetterLang != "ru" && p.LetterLang != "en" {
		return FieldError("letter_lang", "The letters' language must be ru or en.").Keyed("valid.letter_lang")
	}
	if p.Currency != "" && !ValidCurrency(p.Currency) {
		return FieldError("currency", "Currency must be an ISO 4217 code such as RUB, USD or EUR.").Keyed("valid.currency")
	}
	if p.TimeZone != "" {
		if _, err := time.LoadLocation(p.TimeZone); err != nil {
			return FieldError("time_zone", fmt.Sprintf("Unknown time zone %q: use a name such as Europe/Moscow.", p.TimeZone)).
				Keyed("valid.time_zone_named", "Q", strconv.Quote(p.TimeZone))
		}
	}
	for _, f := range []struct {
		name     string
		v, limit int64
	}{
		{"agenda_days", int64(p.AgendaDays), MaxAgendaDays}, {"date_lead", int64(p.DateLead), 365}, {"holiday_lead", int64(p.HolidayLead), 60},
		{"pre_delivery", int64(p.PreDelivery), 365}, {"feedback_after", int64(p.FeedbackAfter), 365},
		{"checkin_after", int64(p.CheckinAfter), 365}, {"plan_lead", int64(p.PlanLead), 365},
		{"anniversary_lead", int64(p.AnniversaryLead), 365}, {"touch_vip", int64(p.TouchVIP), 3650},
		{"touch_active", int64(p.TouchActive), 3650}, {"touch_passive", int64(p.TouchPassive), 3650},
		{"vip_top_percent", int64(p.VIPTopPercent), 100}, {"vip_min_orders", int64(p.VIPMinOrders), 1000},
		{"active_days", int64(p.ActiveDays), 3650}, {"personal_min", p.PersonalMin, 1e12}, {"template_below", p.TemplateBelow, 1e12},
	} {
		if f.v < 0 || f.v > f.limit {
			return FieldError(f.name, fmt.Sprintf("%s must be from 0 (the default) to %d.", f.name, f.limit)).
				Keyed("valid.profile_range", "Name", f.name, "Max", f.limit)
		}
	}
	return nil
}

// MaxAgendaDays is how far ahead, at most, an agenda looks: its profile setting, and the days
// a CLI or API request asks for.
const MaxAgendaDays = 60

// ReadProfile returns the stored profile, or an empty one.
func ReadProfile(ctx context.Context, settings SettingService) (Profile, error) {
	var p Profile
	return p, readJSONSetting(ctx, settings, SettingProfile, &p)
}

// SaveProfile validates and stores the profile.
func SaveProfile(ctx context.Context, settings SettingService, p Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return saveJSONSetting(ctx, settings, SettingProfile, p)
}

// readJSONSetting decodes the setting key into v, leaving v as it is when the key is not set.
func readJSONSetting(ctx context.Context, settings SettingService, key string, v any) error {
	s, err := settings.Setting(ctx, key)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("read setting %s: %w", key, err)
	}
	return nil
}

// saveJSONSetting stores v as the JSON of the setting key.
func saveJSONSetting(ctx context.Context, settings SettingService, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return settings.SetSetting(ctx, key, string(b))
}

// SettingMail keeps how letters go out, as JSON.
const SettingMail = "mail"

// MailSettings are how letters go out: the SMTP server (any provider: Yandex, Mail.ru, Gmail),
// the sender, the hourly cap, and the app's public address for unsubscribe links.
type MailSettings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`     // 0: the usual port of the TLS mode
	TLS      string `json:"tls"`      // starttls (default), tls, none
	Username string `json:"username"` // empty: no AUTH
	// Password is kept in the settings table as it is: protect the database file (or the
	// PostgreSQL role) as you would the mailbox itself.
	Password    string `json:"password"`
	FromName    string `json:"from_name"`
	FromAddress string `json:"from_address"`
	PerHour     int    `json:"per_hour"` // 0: no cap
	// PublicURL is where clients reach the app's unsubscribe page: "https://crm.example.ru".
	PublicURL string `json:"public_url"`
	// DKIM signs letters for DKIMDomain with DKIMKey (PEM), published at
	// DKIMSelector._domainkey.DKIMDomain; empty: letters go unsigned (the provider may sign).
	DKIMDomain   string `json:"dkim_domain"`
	DKIMSelector string `json:"dkim_selector"`
	DKIMKey      string `json:"dkim_key"`
}

// Configured reports whether letters can go out.
func (m MailSettings) Configured() bool { return m.Host != "" && m.FromAddress != "" }

// Validate returns an EINVALID error naming the first field that is wrong.
func (m *MailSettings) Validate() error {
	m.Host, m.FromAddress, m.PublicURL = strings.TrimSpace(m.Host), strings.TrimSpace(m.FromAddress), strings.TrimSpace(m.PublicURL)
	switch {
	case m.Host == "":
		return FieldError("host", "SMTP server required, such as smtp.yandex.ru.").Keyed("valid.smtp_host")
	case m.Port < 0 || m.Port > 65535:
		return FieldError("port", "Port must be from 1 to 65535.").Keyed("valid.smtp_port")
	case m.TLS != "" && m.TLS != "starttls" && m.TLS != "tls" && m.TLS != "none":
		return FieldError("tls", "TLS must be starttls, tls or none.").Keyed("valid.smtp_tls")
	case !strings.Contains(m.FromAddress, "@"):
		return FieldError("from_address", "The sender's address is required.").Keyed("valid.smtp_from")
	case m.PerHour < 0:
		return FieldError("per_hour", "The hourly cap must not be negative.").Keyed("valid.smtp_per_hour")
	case m.PublicURL != "" && !strings.HasPrefix(m.PublicURL, "http://") && !strings.HasPrefix(m.PublicURL, "https://"):
		return FieldError("public_url", "The public address starts with https://.").Keyed("valid.public_url")
	case m.DKIMKey != "" && (m.DKIMDomain == "" || m.DKIMSelector == ""):
		return FieldError("dkim", "DKIM signing needs the domain and the selector with the key.").Keyed("valid.dkim")
	}
	return nil
}

// ReadMailSettings returns the stored mail settings, or empty ones.
func ReadMailSettings(ctx context.Context, settings SettingService) (MailSettings, error) {
	var m MailSettings
	return m, readJSONSetting(ctx, settings, SettingMail, &m)
}

// SaveMailSettings validates and stores the mail settings.
func SaveMailSettings(ctx context.Context, settings SettingService, m MailSettings) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return saveJSONSetting(ctx, settings, SettingMail, m)
}
