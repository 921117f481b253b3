package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/store"
)

type automationCmd struct {
	List automationListCmd `cmd:"" default:"withargs" help:"The automations and what they did (the default)."`
	Set  automationSetCmd  `cmd:"" help:"Replace the automations with a JSON file (as list --format json prints them)."`
}

type automationListCmd struct {
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

// automationRow is an automation with what it did, by action.
type automationRow struct {
	regulars.Automation
	Fired map[string]int `json:"fired"`
}

var automationColumns = []column[automationRow]{
	{"key", "KEY", func(r automationRow) string { return r.Key }, nil, false},
	{"trigger", "WHEN", func(r automationRow) string { return r.Trigger + " " + r.Event }, nil, false},
	{"sequence", "ENROL IN", func(r automationRow) string { return r.Sequence }, nil, false},
	{"personal_as_task", "PERSONAL AS TASK", func(r automationRow) string { return fmt.Sprint(r.PersonalAsTask) }, func(r automationRow, lang string) string { return yesNo(r.PersonalAsTask, lang) }, false},
	{"active", "ACTIVE", func(r automationRow) string { return fmt.Sprint(r.Active) }, func(r automationRow, lang string) string { return yesNo(r.Active, lang) }, false},
	{"fired", "ENROLLED/TASKS", func(r automationRow) string { return fmt.Sprintf("%d/%d", r.Fired["enrol"], r.Fired["task"]) }, nil, false},
}

func (c *automationListCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	list, err := regulars.ReadAutomations(ctx, store.NewSettingService(a.db))
	if err != nil {
		return err
	}
	fires := store.NewFireService(a.db)
	rows := make([]automationRow, len(list))
	for i, au := range list {
		rows[i].Automation = au
		if rows[i].Fired, err = fires.CountFires(ctx, au.Key); err != nil {
			return err
		}
	}
	return writeList(a.stdout, c.Format, a.lang, rows, automationColumns)
}

type automationSetCmd struct {
	File string `arg:"" help:"A JSON array of automations: key, trigger, event, sequence, personal_as_task, active."`
}

func (c *automationSetCmd) Run(ctx context.Context, a *app) error {
	b, err := readInput(c.File)
	if err != nil {
		return err
	}
	var list []regulars.Automation
	if err := json.Unmarshal(b, &list); err != nil {
		return regulars.Errorf(regulars.EINVALID, "%s is not a JSON array of automations: %v", c.File, err).Keyed("err.automations_json", "File", c.File, "Err", err)
	}
	svc, err := a.sequences(ctx)
	if err != nil {
		return err
	}
	for _, au := range list {
		if err := campaign.CheckAutomation(au); err != nil {
			return automationError(au.Key, err, a.lang)
		}
		if _, err := svc.FindSequenceByKey(ctx, au.Sequence); err != nil {
			return automationError(au.Key, err, a.lang)
		}
	}
	if err := regulars.SaveAutomations(ctx, store.NewSettingService(a.db), list); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%d automations in use.\n", len(list))
	return err
}

// automationError is err about the automation key, said in lang too.
func automationError(key string, err error, lang string) error {
	return regulars.Errorf(regulars.EINVALID, "Automation %s: %s", key, regulars.ErrorMessage(err)).
		Keyed("valid.automation_error", "Key", key, "Error", errorText(err, lang))
}
