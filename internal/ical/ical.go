// Package ical writes iCalendar (RFC 5545) calendars of all-day events, such as the agenda's
// feed that Google Calendar and Thunderbird subscribe to.
//
// It writes what the RFC requires and subscribers rely on: CRLF line ends, lines folded at 75
// octets without splitting a UTF-8 character, TEXT values escaped, a UID per event (stable
// across fetches when the caller's is), DTSTAMP in UTC, and all-day dates as VALUE=DATE with
// an exclusive DTEND.
package ical

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// Calendar is a named list of events.
type Calendar struct {
	ProdID string // e.g. "-//Regulars//Agenda//RU"
	Name   string // shown by clients (X-WR-CALNAME)
	Events []Event
}

// Event is one all-day event.
type Event struct {
	UID         string // globally unique and stable: the same occasion keeps its UID
	Day         regulars.Date
	Summary     string
	Description string
	URL         string
	Stamp       time.Time // when the event was created or last changed (DTSTAMP)
}

// Write writes the calendar.
func Write(w io.Writer, c Calendar) error {
	bw := bufio.NewWriter(w)
	l := lines{w: bw}
	l.line("BEGIN:VCALENDAR")
	l.line("VERSION:2.0")
	l.line("PRODID:" + c.ProdID)
	l.line("CALSCALE:GREGORIAN")
	if c.Name != "" {
		l.line("X-WR-CALNAME:" + escape(c.Name))
	}
	for _, e := range c.Events {
		l.line("BEGIN:VEVENT")
		l.line("UID:" + e.UID)
		l.line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		l.line("DTSTART;VALUE=DATE:" + compact(e.Day))
		l.line("DTEND;VALUE=DATE:" + compact(e.Day.AddDays(1)))
		l.line("SUMMARY:" + escape(e.Summary))
		if e.Description != "" {
			l.line("DESCRIPTION:" + escape(e.Description))
		}
		if e.URL != "" {
			l.line("URL:" + e.URL)
		}
		l.line("TRANSP:TRANSPARENT")
		l.line("END:VEVENT")
	}
	l.line("END:VCALENDAR")
	if l.err != nil {
		return l.err
	}
	return bw.Flush()
}

func compact(d regulars.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// escape escapes a TEXT value: backslash, semicolon, comma and line breaks.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// lines writes content lines folded at 75 octets, never inside a UTF-8 character.
type lines struct {
	w   *bufio.Writer
	err error
}

func (l *lines) line(s string) {
	if l.err != nil {
		return
	}
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		l.write(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	l.write(s + "\r\n")
}

func (l *lines) write(s string) {
	if l.err == nil {
		_, l.err = l.w.WriteString(s)
	}
}
