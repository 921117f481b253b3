package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/store"
)

type templatesCmd struct {
	List  templatesListCmd  `cmd:"" default:"withargs" help:"The draft templates in use (the default)."`
	Set   templatesSetCmd   `cmd:"" help:"Use your own template for a kind of agenda item in a language."`
	Reset templatesResetCmd `cmd:"" help:"Go back to the built-in template."`
}

type templatesListCmd struct {
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

// templateJSON is one template as `regulars templates --format json` lists it.
type templateJSON struct {
	Kind    string `json:"kind"`
	Lang    string `json:"lang"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Detail  string `json:"detail"`
	Own     bool   `json:"own"`
}

var templateColumns = []column[templateJSON]{
	{"kind", "KIND", func(t templateJSON) string { return t.Kind }, nil, false},
	{"lang", "LANG", func(t templateJSON) string { return t.Lang }, nil, false},
	{"own", "OWN", func(t templateJSON) string { return yes(t.Own) }, nil, false},
	{"subject", "SUBJECT", func(t templateJSON) string { return t.Subject }, nil, false},
	{"body", "BODY", func(t templateJSON) string { return t.Body }, nil, false},
}

func (c *templatesListCmd) Run(ctx context.Context, a *app) error {
	own, err := ownTemplates(ctx, a)
	if err != nil {
		return err
	}
	var out []templateJSON
	for kind, langs := range agenda.DefaultTemplates().With(own) {
		for lang, t := range langs {
			_, mine := own[kind][lang]
			out = append(out, templateJSON{Kind: kind, Lang: lang, Subject: t[0], Body: t[1], Detail: t[2], Own: mine})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Kind < out[j].Kind || out[i].Kind == out[j].Kind && out[i].Lang > out[j].Lang
	})
	return writeList(a.stdout, c.Format, a.lang, out, templateColumns)
}

// ownTemplates reads the user's templates from the settings.
func ownTemplates(ctx context.Context, a *app) (agenda.Templates, error) {
	if err := a.open(ctx); err != nil {
		return nil, err
	}
	return agenda.OwnTemplates(ctx, store.NewSettingService(a.db))
}

func saveTemplates(ctx context.Context, a *app, t agenda.Templates) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return store.NewSettingService(a.db).SetSetting(ctx, regulars.SettingAgendaTemplates, string(b))
}

type templatesSetCmd struct {
	Kind    string `arg:"" help:"The kind of agenda item: sleeping, thank_you, …"`
	Lang    string `arg:"" enum:"ru,en" help:"ru or en."`
	Subject string `required:"" help:"The subject."`
	Body    string `required:"" help:"The brief body; {name}, {project}, {months}, {subject} and {price} are filled in."`
	Detail  string `help:"What clients who like detail get after the body."`
}

func (c *templatesSetCmd) Run(ctx context.Context, a *app) error {
	t := [3]string{c.Subject, c.Body, c.Detail}
	if err := agenda.CheckTemplate(c.Kind, c.Lang, t); err != nil {
		return err
	}
	own, err := ownTemplates(ctx, a)
	if err != nil {
		return err
	}
	if own[c.Kind] == nil {
		own[c.Kind] = map[string][3]string{}
	}
	own[c.Kind][c.Lang] = t
	if err := saveTemplates(ctx, a, own); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Your template for %s (%s) is in use.\n", c.Kind, c.Lang)
	return err
}

type templatesResetCmd struct {
	Kind string `arg:"" help:"The kind of agenda item."`
	Lang string `arg:"" enum:"ru,en" help:"ru or en."`
}

func (c *templatesResetCmd) Run(ctx context.Context, a *app) error {
	own, err := ownTemplates(ctx, a)
	if err != nil {
		return err
	}
	delete(own[c.Kind], c.Lang)
	if len(own[c.Kind]) == 0 {
		delete(own, c.Kind)
	}
	if err := saveTemplates(ctx, a, own); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "The built-in template for %s (%s) is in use.\n", c.Kind, c.Lang)
	return err
}
