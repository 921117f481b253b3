package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/snapshot"
	"github.com/regulars/regulars/internal/store"
)

type sequenceCmd struct {
	List    sequenceListCmd    `cmd:"" default:"withargs" help:"The sequences (the default)."`
	Show    sequenceShowCmd    `cmd:"" help:"One sequence with its letters, as JSON."`
	Create  sequenceCreateCmd  `cmd:"" help:"Create or replace a sequence from a JSON file (as show prints it)."`
	Enrol   sequenceEnrolCmd   `cmd:"" help:"Enrol clients in a sequence."`
	Stop    sequenceStopCmd    `cmd:"" help:"Stop a client's run of a sequence."`
	Preview sequencePreviewCmd `cmd:"" help:"Show a step's letter as a client would get it, with every variable filled in."`
	Run     sequenceRunCmd     `cmd:"" help:"Run the automations and queue the letters that are due now (the server does it every minute)."`
}

// sequences returns the sequence service, the built-in sequences created on first use.
func (a *app) sequences(ctx context.Context) (*store.SequenceService, error) {
	if err := a.open(ctx); err != nil {
		return nil, err
	}
	s := store.NewSequenceService(a.db)
	return s, campaign.EnsureBuiltin(ctx, s)
}

// sequence returns the sequence service and the sequence with the key.
func (a *app) sequence(ctx context.Context, key string) (*store.SequenceService, *regulars.Sequence, error) {
	svc, err := a.sequences(ctx)
	if err != nil {
		return nil, nil, err
	}
	s, err := svc.FindSequenceByKey(ctx, key)
	return svc, s, err
}

type sequenceListCmd struct {
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

// sequenceRow is a sequence with the count of its runs by state.
type sequenceRow struct {
	*regulars.Sequence
	Runs map[string]int `json:"runs"`
}

// sequenceName is a sequence's name in lang: a built-in sequence's, as Regulars named it,
// from the catalogue, as the web app shows it; one the user named, as named.
func sequenceName(key, name, lang string) string {
	if builtinNames()[key] == name {
		if n := textIn(lang, "sequence."+key); n != "sequence."+key {
			return n
		}
	}
	return name
}

// builtinNames is the built-in sequences' names, by key.
var builtinNames = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, b := range campaign.Builtin() {
		out[b.Key] = b.Name
	}
	return out
})

var sequenceColumns = []column[sequenceRow]{
	{"key", "KEY", func(s sequenceRow) string { return s.Key }, nil, false},
	{"name", "SEQUENCE", func(s sequenceRow) string { return s.Name }, func(s sequenceRow, lang string) string { return sequenceName(s.Key, s.Name, lang) }, false},
	{"days", "DAYS", func(s sequenceRow) string {
		d := make([]string, len(s.Steps))
		for i, st := range s.Steps {
			d[i] = fmt.Sprint(st.Day)
		}
		return strings.Join(d, ",")
	}, nil, false},
	{"marketing", "MARKETING", func(s sequenceRow) string { return fmt.Sprint(s.Marketing) }, func(s sequenceRow, lang string) string { return yesNo(s.Marketing, lang) }, false},
	{"active", "ACTIVE", func(s sequenceRow) string { return fmt.Sprint(s.Active) }, func(s sequenceRow, lang string) string { return yesNo(s.Active, lang) }, false},
	{"runs", "RUNS active/done/stopped", func(s sequenceRow) string {
		return fmt.Sprintf("%d/%d/%d", s.Runs[regulars.EnrolActive], s.Runs[regulars.EnrolDone], s.Runs[regulars.EnrolStopped])
	}, nil, false},
}

func (c *sequenceListCmd) Run(ctx context.Context, a *app) error {
	svc, err := a.sequences(ctx)
	if err != nil {
		return err
	}
	seqs, err := svc.FindSequences(ctx)
	if err != nil {
		return err
	}
	runs, err := svc.FindEnrolments(ctx, 0, "")
	if err != nil {
		return err
	}
	rows := make([]sequenceRow, len(seqs))
	for i, s := range seqs {
		rows[i] = sequenceRow{s, map[string]int{}}
		for _, r := range runs {
			if r.SequenceID == s.ID {
				rows[i].Runs[r.State]++
			}
		}
	}
	return writeList(a.stdout, c.Format, a.lang, rows, sequenceColumns)
}

type sequenceShowCmd struct {
	Key string `arg:"" help:"The sequence's key: reactivation, thank_you, …"`
}

func (c *sequenceShowCmd) Run(ctx context.Context, a *app) error {
	_, s, err := a.sequence(ctx, c.Key)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

type sequenceCreateCmd struct {
	File string `arg:"" help:"A JSON file: key, name, marketing, stop_on_order, stop_on_reply, active, steps."`
}

func (c *sequenceCreateCmd) Run(ctx context.Context, a *app) error {
	b, err := readInput(c.File)
	if err != nil {
		return err
	}
	var s regulars.Sequence
	if err := json.Unmarshal(b, &s); err != nil {
		return regulars.Errorf(regulars.EINVALID, "%s is not a sequence in JSON: %v", c.File, err).Keyed("err.sequence_json", "File", c.File, "Err", err)
	}
	for i, st := range s.Steps {
		for lang, t := range st.Templates {
			if err := campaign.CheckTemplate(t, s.Marketing); err != nil {
				return regulars.Errorf(regulars.EINVALID, "Step %d (%s): %s", i+1, lang, regulars.ErrorMessage(err)).
					Keyed("valid.step_error", "Step", i+1, "Lang", lang, "Error", errorText(err, a.lang))
			}
		}
	}
	svc, err := a.sequences(ctx)
	if err != nil {
		return err
	}
	verb := "created"
	if err = svc.CreateSequence(ctx, &s); regulars.ErrorCode(err) == regulars.ECONFLICT {
		verb, err = "replaced", svc.UpdateSequence(ctx, &s)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Sequence %s %s: %d letters.\n", s.Key, verb, len(s.Steps))
	return err
}

type sequenceEnrolCmd struct {
	Key     string  `arg:"" help:"The sequence's key."`
	Client  []int64 `help:"A client to enrol (repeatable)."`
	Segment string  `help:"Enrol every client of a segment (champions, at_risk, hibernating, …) or 'sleeping'."`
	On      string  `help:"The day of enrolment, from which the steps count (YYYY-MM-DD; default today)."`
}

func (c *sequenceEnrolCmd) Run(ctx context.Context, a *app) error {
	svc, s, err := a.sequence(ctx, c.Key)
	if err != nil {
		return err
	}
	on, err := dateOr(c.On, "on", a.today())
	if err != nil {
		return err
	}
	ids := c.Client
	if c.Segment != "" {
		more, err := a.segmentClients(ctx, c.Segment)
		if err != nil {
			return err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return regulars.Errorf(regulars.EINVALID, "Name clients with --client or --segment.").Keyed("err.name_clients")
	}
	n, err := svc.Enrol(ctx, s.ID, ids, on)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Enrolled %d of %d clients in %s (the others run through it already).\n", n, len(ids), s.Key)
	return err
}

// segmentClients returns the IDs of a segment's clients ("sleeping" for the sleeping ones): in
// the server from its snapshot, in the CLI by analysing the base.
func (a *app) segmentClients(ctx context.Context, segment string) ([]int64, error) {
	q, err := analytics.ParseSegmentQuery(segment)
	if err != nil || q.All() {
		return nil, regulars.Errorf(regulars.EINVALID, "Unknown segment %q.", segment).Keyed("err.unknown_segment", "Segment", segment)
	}
	if snap := a.currentSnapshot(); snap != nil {
		var ids []int64
		for _, r := range snap.Rows {
			if r.Orders > 0 && q.Matches(r.Segment, r.Sleeping) {
				ids = append(ids, r.ID)
			}
		}
		return ids, nil
	}
	an, err := a.analyst(ctx)
	if err != nil {
		return nil, err
	}
	segs, err := an.Segments(ctx, a.today())
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, s := range segs {
		if q.Matches(s.Segment, s.Sleeping) {
			ids = append(ids, s.ClientID)
		}
	}
	return ids, nil
}

type sequenceStopCmd struct {
	Key    string `arg:"" help:"The sequence's key."`
	Client int64  `required:"" help:"The client."`
}

func (c *sequenceStopCmd) Run(ctx context.Context, a *app) error {
	svc, s, err := a.sequence(ctx, c.Key)
	if err != nil {
		return err
	}
	if err := svc.StopEnrolment(ctx, s.ID, c.Client, regulars.StopOwner); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Client %d no longer runs through %s.\n", c.Client, s.Key)
	return err
}

type sequenceRunCmd struct{}

func (c *sequenceRunCmd) Run(ctx context.Context, a *app) error {
	if _, err := a.sequences(ctx); err != nil {
		return err
	}
	ast, err := a.automator(a.analysedCandidates).Run(ctx)
	if err != nil {
		return err
	}
	for _, key := range slices.Sorted(maps.Keys(ast)) {
		fmt.Fprintf(a.stdout, "automation %s: %v\n", key, ast[key])
	}
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	st, err := e.Tick(ctx)
	if err != nil {
		return err
	}
	stopped := []string{}
	for r, n := range st.Stopped {
		stopped = append(stopped, fmt.Sprintf("%s %d", r, n))
	}
	slices.Sort(stopped)
	_, err = fmt.Fprintf(a.stdout, "queued %d letters, %d runs finished, stopped: %s\n", st.Queued, st.Done, strings.Join(stopped, ", "))
	return err
}

type sequencePreviewCmd struct {
	Key    string `arg:"" help:"The sequence's key."`
	Client int64  `required:"" help:"The client to fill the letter for."`
	Step   int    `default:"1" help:"The step (1 is the first letter)."`
}

func (c *sequencePreviewCmd) Run(ctx context.Context, a *app) error {
	_, s, err := a.sequence(ctx, c.Key)
	if err != nil {
		return err
	}
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	l, err := e.Preview(ctx, s, c.Step-1, c.Client)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "To: %s <%s>\nSubject: %s\nNot before: %s\n", l.ToName, l.ToAddress, l.Subject, l.NotBefore.In(a.loc).Format("2006-01-02 15:04"))
	if l.Unsubscribe != "" {
		fmt.Fprintf(a.stdout, "List-Unsubscribe: <%s>\n", l.Unsubscribe)
	}
	fmt.Fprintf(a.stdout, "\n%s\n", l.Text)
	if l.HTML != "" {
		fmt.Fprintf(a.stdout, "\n--- HTML ---\n%s\n", l.HTML)
	}
	return nil
}

// currentSnapshot returns the server's current snapshot, nil outside the server or before
// the first is built.
func (a *app) currentSnapshot() *snapshot.Snapshot {
	if a.snapshot == nil {
		return nil
	}
	return a.snapshot()
}
