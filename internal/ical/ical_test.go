package ical

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

func sample() Calendar {
	stamp := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	long := strings.Repeat("Как дела с проектом, который мы запускали? ", 6)
	return Calendar{ProdID: "-//Regulars//Agenda//RU", Name: "Regulars: кому написать", Events: []Event{
		{UID: "agenda-1-birthday-2026@regulars", Day: regulars.MustParseDate("2026-11-23"), Summary: "Анна Смирнова: день рождения",
			Description: "Поздравить лично;\nпредложить обновление сайта, со скидкой 20%", Stamp: stamp},
		{UID: "agenda-2-sleeping-2026-11@regulars", Day: regulars.MustParseDate("2026-12-31"), Summary: "Иван, ООО «Ромашка»",
			Description: long, URL: "https://example.ru/clients/2", Stamp: stamp},
	}}
}

func TestWriteFormat(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		"DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124\r\n",
		"DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n",
		"DTSTAMP:20261122T093000Z\r\n",
		`DESCRIPTION:Поздравить лично\;\nпредложить обновление сайта\, со скидкой 20%`,
		"SUMMARY:Иван\\, ООО «Ромашка»\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), want) && !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, l := range strings.Split(out, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("a fold split a character: %q", l)
		}
	}
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("a bare LF")
	}
}

// TestParsedByIcalendar has a real iCalendar parser (Python's icalendar, Debian's
// python3-icalendar, which .ci/run installs) read the feed back.
func TestParsedByIcalendar(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} { // Debian's, then any on PATH
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import icalendar").Run() == nil {
			py = path
			break
		}
	}
	if py == "" {
		t.Skip("python3 with icalendar is not installed (apt-get install python3-icalendar)")
	}
	var b bytes.Buffer
	Write(&b, sample())
	path := t.TempDir() + "/feed.ics"
	os.WriteFile(path, b.Bytes(), 0o644)
	script := `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    print(e['UID'], e['DTSTART'].dt.isoformat(), e['DTEND'].dt.isoformat(), e['SUMMARY'], '|', e.get('DESCRIPTION', ''), sep='\t')
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s", err, out)
	}
	want := "agenda-1-birthday-2026@regulars\t2026-11-23\t2026-11-24\tАнна Смирнова: день рождения\t|\tПоздравить лично;\nпредложить обновление сайта, со скидкой 20%\n"
	if !strings.HasPrefix(string(out), want) {
		t.Errorf("icalendar read:\n%s\nwant first:\n%s", out, want)
	}
	if !strings.Contains(string(out), strings.Repeat("Как дела с проектом, который мы запускали? ", 6)) {
		t.Errorf("the folded description did not come back whole:\n%s", out)
	}
}
