package regulars_test

import (
	"testing"
	"time"

	"github.com/regulars/regulars"
)

func TestSendWindow(t *testing.T) {
	w := regulars.SendWindow{Zone: "Europe/Moscow", From: 17, To: 20}
	if got := regulars.ParseSendWindow(w.String()); got != w {
		t.Fatalf("ParseSendWindow(%q) = %+v", w.String(), got)
	}
	for _, tt := range []struct {
		name     string
		at, want time.Time
	}{
		{"Before", time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)},
		{"Inside", time.Date(2026, 11, 22, 15, 30, 0, 0, time.UTC), time.Date(2026, 11, 22, 15, 30, 0, 0, time.UTC)},
		{"After", time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)},
		{"Night", time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := w.Next(tt.at); !got.Equal(tt.want) {
				t.Errorf("Next(%v) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "Europe/Moscow", "Europe/Moscow 20 17", "Europe/Moscow 9 25"} {
		if got := regulars.ParseSendWindow(bad); got.Zone != "" {
			t.Errorf("ParseSendWindow(%q) = %+v, want any time", bad, got)
		}
	}
	if any := (regulars.SendWindow{}); !any.Next(time.Unix(5, 0)).Equal(time.Unix(5, 0)) {
		t.Error("the zero window is not any time")
	}
}

func TestLoadLocationRemembers(t *testing.T) {
	a, err := regulars.LoadLocation("Asia/Yekaterinburg")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := regulars.LoadLocation("Asia/Yekaterinburg"); b != a {
		t.Error("the second LoadLocation of a zone read it again")
	}
	if _, err := regulars.LoadLocation("Mars/Olympus"); err == nil {
		t.Error("an unknown zone loaded")
	}
}
