package regulars

import "context"

// Setting keys.
const (
	SettingAPIToken          = "api_token"          // the bearer token of the JSON API
	SettingCalendarToken     = "calendar_token"     // the secret of the agenda's calendar feed URL
	SettingAgendaTemplates   = "agenda_templates"   // the user's draft templates, JSON by kind and language
	SettingUnsubscribeSecret = "unsubscribe_secret" // the HMAC key of the unsubscribe links
)

// SettingService keeps runtime settings: what the app needs beyond what it boots with.
type SettingService interface {
	// Setting returns the value of key, or ENOTFOUND.
	Setting(ctx context.Context, key string) (string, error)
	// SetSetting stores the value of key.
	SetSetting(ctx context.Context, key, value string) error
}
