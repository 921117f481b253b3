package storetest

import (
	"testing"

	"github.com/regulars/regulars"
)

func testAgendaStates(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "A"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "B"})
	set := func(st *regulars.AgendaState, contact *regulars.Interaction) {
		t.Helper()
		if err := s.Agenda.SetAgendaState(ctx(), st, contact); err != nil {
			t.Fatal(err)
		}
	}
	set(&regulars.AgendaState{Key: "birthday:1:2026", ClientID: a.ID, State: regulars.AgendaSnoozed, Until: day("2026-11-25")}, nil)
	set(&regulars.AgendaState{Key: "sleeping:2:2026-11", ClientID: b.ID, State: regulars.AgendaDismissed, Reason: "в отпуске"}, nil)
	// Done replaces the snooze and logs the contact.
	contact := &regulars.Interaction{On: day("2026-11-24"), Channel: regulars.ChannelMessage, Note: "поздравил"}
	set(&regulars.AgendaState{Key: "birthday:1:2026", ClientID: a.ID, State: regulars.AgendaDone, Until: day("2026-12-01")}, contact)
	if contact.ID == 0 || contact.ClientID != a.ID {
		t.Fatalf("contact not logged: %+v", contact)
	}
	sts, err := s.Agenda.FindAgendaStates(ctx())
	if err != nil || len(sts) != 2 {
		t.Fatalf("states %v, err %v", sts, err)
	}
	if sts[0].Key != "birthday:1:2026" || sts[0].State != regulars.AgendaDone || !sts[0].Until.IsZero() || !sts[0].UpdatedAt.Equal(Now) {
		t.Errorf("done state %+v", sts[0])
	}
	if sts[1].State != regulars.AgendaDismissed || sts[1].Reason != "в отпуске" {
		t.Errorf("dismissed state %+v", sts[1])
	}
	got, _ := s.Clients.FindClientByID(ctx(), a.ID)
	if got.LastContact != day("2026-11-24") {
		t.Errorf("last contact %v after done", got.LastContact)
	}
	for _, bad := range []*regulars.AgendaState{
		{Key: "", ClientID: a.ID, State: regulars.AgendaDone},
		{Key: "x y", ClientID: a.ID, State: regulars.AgendaDone},
		{Key: "k", ClientID: a.ID, State: "later"},
		{Key: "k", ClientID: a.ID, State: regulars.AgendaSnoozed},
	} {
		wantCode(t, s.Agenda.SetAgendaState(ctx(), bad, nil), regulars.EINVALID)
	}
	wantCode(t, s.Agenda.SetAgendaState(ctx(), &regulars.AgendaState{Key: "k", ClientID: 999, State: regulars.AgendaDone}, nil), regulars.ENOTFOUND)
	// A bad contact writes nothing, not even the state.
	wantCode(t, s.Agenda.SetAgendaState(ctx(), &regulars.AgendaState{Key: "k2", ClientID: b.ID, State: regulars.AgendaDone},
		&regulars.Interaction{On: day("2026-11-24"), Channel: "pigeon"}), regulars.EINVALID)
	if err := s.Clients.DeleteClient(ctx(), b.ID); err != nil {
		t.Fatal(err)
	}
	if sts, _ := s.Agenda.FindAgendaStates(ctx()); len(sts) != 1 {
		t.Errorf("%d states after deleting a client, want 1", len(sts))
	}
}
