package storetest

import (
	"reflect"
	"testing"

	"github.com/regulars/regulars"
)

// testFires: occasions are recorded once, in batches; a pass asks which of its keys are
// recorded; a failed action is forgotten; counts are by action.
func testFires(t *testing.T, s Services) {
	isNew, err := s.Fires.Fire(ctx(), []regulars.Fire{
		{Key: "thank_you:order:1", ClientID: 1, Action: "enrol"},
		{Key: "thank_you:order:2", ClientID: 2, Action: "baseline"},
		{Key: "thank_you:order:1", ClientID: 1, Action: "enrol"}, // twice in one batch: once
	})
	if err != nil || !reflect.DeepEqual(isNew, []bool{true, true, false}) {
		t.Fatalf("fire: %v, %v", isNew, err)
	}
	if isNew, err := s.Fires.Fire(ctx(), []regulars.Fire{{Key: "thank_you:order:2", Action: "enrol"}, {Key: "wake_up:client:2", Action: "task"}}); err != nil ||
		!reflect.DeepEqual(isNew, []bool{false, true}) {
		t.Fatalf("fire again: %v, %v", isNew, err)
	}
	got, err := s.Fires.Recorded(ctx(), []string{"thank_you:order:1", "thank_you:order:3", "wake_up:client:2"})
	if err != nil || !reflect.DeepEqual(got, map[string]bool{"thank_you:order:1": true, "wake_up:client:2": true}) {
		t.Fatalf("recorded: %v, %v", got, err)
	}
	if err := s.Fires.Unfire(ctx(), []string{"thank_you:order:1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Fires.Fire(ctx(), []regulars.Fire{{Key: "thank_you:baseline", Action: "baseline"}}); err != nil {
		t.Fatal(err) // a marker, not an occasion: not counted
	}
	if n, err := s.Fires.CountFires(ctx(), "thank_you"); err != nil || !reflect.DeepEqual(n, map[string]int{"baseline": 1}) {
		t.Fatalf("counts after unfire: %v, %v", n, err)
	}
	keys := make([]string, 1200) // more than one query's worth
	for i := range keys {
		keys[i] = "x"
	}
	keys[1100] = "wake_up:client:2"
	if got, err := s.Fires.Recorded(ctx(), keys); err != nil || !got["wake_up:client:2"] || len(got) != 1 {
		t.Fatalf("recorded of 1,200: %v, %v", got, err)
	}
}
