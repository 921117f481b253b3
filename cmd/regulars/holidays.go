package main

import (
	"context"
	"sort"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
)

type holidaysCmd struct {
	Year   int    `help:"The year (default: this year)."`
	Format string `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

// holidayJSON is the contract of `regulars holidays --format json`.
type holidayJSON struct {
	Key        string        `json:"key"`
	Name       string        `json:"name"`
	Date       regulars.Date `json:"date"`
	Industries []string      `json:"industries"`
}

var holidayColumns = []column[holidayJSON]{
	{"date", "DATE", func(h holidayJSON) string { return h.Date.String() }, humanDate(func(h holidayJSON) regulars.Date { return h.Date }), false},
	{"name", "HOLIDAY", func(h holidayJSON) string { return h.Name }, nil, false},
	{"industries", "INDUSTRIES", func(h holidayJSON) string { return strings.Join(h.Industries, ", ") }, nil, false},
	{"key", "KEY", func(h holidayJSON) string { return h.Key }, nil, false},
}

func (c *holidaysCmd) Run(ctx context.Context, a *app) error {
	year := c.Year
	if year == 0 {
		year = a.today().Year()
	}
	if year < 1900 || year > 2100 {
		return regulars.Errorf(regulars.EINVALID, "--year must be between 1900 and 2100.").Keyed("err.year_range")
	}
	hs, err := agenda.Holidays()
	if err != nil {
		return err
	}
	out := make([]holidayJSON, len(hs))
	for i, h := range hs {
		out[i] = holidayJSON{Key: h.Key, Name: h.Name(a.lang), Date: h.On(year), Industries: h.Industries}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return writeList(a.stdout, c.Format, a.lang, out, holidayColumns)
}
