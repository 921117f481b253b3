package agenda

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/regulars/regulars"
)

// Templates are draft templates by kind and language: a subject, a brief body and what a
// client who likes detail gets after it, with {name}, {project}, {months}, {subject} and
// {price} filled in. The user's own replace the built-in ones kind by kind (kept as JSON in
// the setting regulars.SettingAgendaTemplates).
type Templates map[string]map[string][3]string

// DefaultTemplates returns the built-in templates.
func DefaultTemplates() Templates {
	out := Templates{}
	for kind, langs := range draftTemplates {
		out[kind] = map[string][3]string{}
		for lang, t := range langs {
			out[kind][lang] = t
		}
	}
	return out
}

// ParseTemplates reads the user's templates from their JSON; "" is none.
func ParseTemplates(s string) (Templates, error) {
	t := Templates{}
	if strings.TrimSpace(s) == "" {
		return t, nil
	}
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return nil, regulars.Errorf(regulars.EINVALID, "The agenda templates setting is not valid JSON: %v.", err).Keyed("err.templates_json", "Err", err)
	}
	return t, nil
}

// With returns the built-in templates with t's replacing them.
func (t Templates) With(own Templates) Templates {
	out := Templates{}
	for kind, langs := range t {
		out[kind] = map[string][3]string{}
		for lang, tt := range langs {
			out[kind][lang] = tt
		}
	}
	for kind, langs := range own {
		if out[kind] == nil {
			out[kind] = map[string][3]string{}
		}
		for lang, tt := range langs {
			out[kind][lang] = tt
		}
	}
	return out
}

// placeholders are the variables a template may use.
var placeholders = []string{"{name}", "{project}", "{months}", "{subject}", "{price}"}

// CheckTemplate returns an EINVALID error when the kind or language is unknown, the subject or
// brief body is empty, or a part uses a variable that would be left unfilled.
func CheckTemplate(kind, lang string, t [3]string) error {
	if _, ok := draftTemplates[kind]; !ok {
		kinds := make([]string, 0, len(draftTemplates))
		for k := range draftTemplates {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		return regulars.FieldError("kind", "Kind must be one of "+strings.Join(kinds, ", ")+".").Keyed("err.template_kind", "Kinds", strings.Join(kinds, ", "))
	}
	if lang != "ru" && lang != "en" {
		return regulars.FieldError("lang", "Language must be ru or en.").Keyed("err.template_lang")
	}
	if strings.TrimSpace(t[0]) == "" || strings.TrimSpace(t[1]) == "" {
		return regulars.FieldError("body", "A template needs a subject and a body.").Keyed("err.template_body")
	}
	return regulars.CheckVariables("body", placeholders, t[:]...)
}
