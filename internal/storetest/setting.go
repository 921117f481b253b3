package storetest

import (
	"testing"

	"github.com/regulars/regulars"
)

func testSettings(t *testing.T, s Services) {
	_, err := s.Settings.Setting(ctx(), "nope")
	wantCode(t, err, regulars.ENOTFOUND)
	for _, v := range []string{"один", "two"} {
		if err := s.Settings.SetSetting(ctx(), "k", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Settings.Setting(ctx(), "k"); err != nil || got != v {
			t.Fatalf("setting %q err %v, want %q", got, err, v)
		}
	}
}
