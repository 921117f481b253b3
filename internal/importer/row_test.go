package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestMayBeTotals pins the quick test that lets most cells skip folding: every beginning of
// a totals word, in any case, and not the names that begin with the same letters.
func TestMayBeTotals(t *testing.T) {
	for v, want := range map[string]bool{
		"Итого": true, "ИТОГО:": true, "итог": true, "Всего": true, "ВСЕГО по клиенту": true, "Сумма": true,
		"TOTAL": true, "Totals": true, "Subtotal": true, "sum": true, "Grand total": true,
		"Валентина": false, "Сергей": false, "Итан": false, "Tom": false, "Sam": false, "Grace": false,
		"Ит": false, "": false, "Всег": false,
	} {
		if got := mayBeTotals(v); got != want {
			t.Errorf("mayBeTotals(%q) = %v", v, got)
		}
	}
}

// mustLayout opens a sheet held in memory and decides its layout, failing the test on an error.
func mustLayout(t *testing.T, name string, data []byte, opts Options) *Layout {
	t.Helper()
	s, err := OpenBytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Layout(opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rowsOf reads the rows of l: show's text of each good row, "bad: " and the English error of
// each bad one.
func rowsOf(l *Layout, show func(*Row) string) []string {
	var got []string
	l.Each(func(r *Row, b *RowError, _ *Ignored) error {
		if r != nil {
			got = append(got, show(r))
		} else if b != nil {
			got = append(got, "bad: "+b.english())
		}
		return nil
	})
	return got
}

// amountOf shows a row's amount in minor units and its currency.
func amountOf(r *Row) string { return fmt.Sprintf("%d %s", r.Amount.Minor, r.Amount.Currency) }

// TestDashMeansNone: a lone dash is how a sheet says "none": an empty cell in every column
// but a yes/no one, where it says "no".
func TestDashMeansNone(t *testing.T) {
	l := mustLayout(t, "d.csv", []byte("Клиент,Компания,Email,Телефон,Дата,Срок,Сумма,Статус,Оплачено\n"+
		"Анна,—,—,-,01.02.2026,—,100,–,-\nБорис,-,-,-,02.02.2026,-,—,Отменён,\nВера,-,-,-,03.02.2026,-,—,Оплачен,да\n"), Options{})
	got := rowsOf(l, func(r *Row) string {
		return fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s", r.Name, r.Company, r.Email, r.Phone, r.DueOn.IsZero(), amountOf(r), r.Status)
	})
	want := []string{"Анна||||true|10000 RUB|unpaid", "Борис||||true|0 RUB|cancelled", "bad: Amount is empty."}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestExcelSubtotals: the rows Excel's Subtotal command adds (Анна Итог, Общий итог, Grand
// Total; 05.01.2026 Итог when it grouped by day) are totals rows, ignored; a client whose name
// ends so, with a date, is a client.
func TestExcelSubtotals(t *testing.T) {
	for name, tt := range map[string]struct{ data, want string }{
		"ByClient": {"Клиент,Дата,Сумма\nАнна,05.01.2026,1000\nАнна Итог,,1000\nBob,06.01.2026,2000\nBob Total,,2000\nОбщий итог,,3000\nGrand Total,,3000\n",
			"Анна|ignored: totals row (Анна Итог)|Bob|ignored: totals row (Bob Total)|ignored: totals row (Общий итог)|ignored: totals row (Grand Total)"},
		"ByDay": {"Дата,Клиент,Сумма\n05.01.2026,Анна,1000\n05.01.2026 Итог,,1000\nОбщий итог,,1000\n",
			"Анна|ignored: totals row (05.01.2026 Итог)|ignored: totals row (Общий итог)"},
		"NameWithADate":    {"Клиент,Дата,Сумма\nMr Total,05.01.2026,1000\n", "Mr Total"},
		"OrderWithoutDate": {"Клиент,Дата,Услуга,Сумма\nBody Total,,Massage,3000\n", "bad: Order date is empty."},
		"CountAndAverage": {"Клиент,Дата,Сумма\nАнна,05.01.2026,1000\nАнна Количество,,1\nBob,06.01.2026,2000\nBob Count,,1\nОбщее среднее,,1500\nGrand Average,,1500\n",
			"Анна|ignored: totals row (Анна Количество)|Bob|ignored: totals row (Bob Count)|ignored: totals row (Общее среднее)|ignored: totals row (Grand Average)"},
	} {
		t.Run(name, func(t *testing.T) {
			l := mustLayout(t, "s.csv", []byte(tt.data), Options{})
			var got []string
			l.Each(func(r *Row, b *RowError, ign *Ignored) error {
				switch {
				case r != nil:
					got = append(got, r.Name)
				case ign != nil:
					got = append(got, "ignored: "+ign.Reason)
				default:
					got = append(got, "bad: "+b.english())
				}
				return nil
			})
			if strings.Join(got, "|") != tt.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), tt.want)
			}
		})
	}
}

// TestShortenedPhone: a phone in Excel's scientific notation, its last digits lost, is a bad row.
func TestShortenedPhone(t *testing.T) {
	for in, want := range map[string]bool{"3,80501E+11": true, "7.90312e+10": true, "79031234567": false, "+7 903 123-45-67": false,
		"E+11": false, "1E+": false, "доб. 12E+3": false} {
		if got := shortenedNumber(in); got != want {
			t.Errorf("shortenedNumber(%q) = %v", in, got)
		}
	}
	got := rowsOf(mustLayout(t, "p.csv", []byte("Клиент;Телефон;Дата;Сумма\nАнна;3,80501E+11;05.01.2026;100\nБорис;'89031112233;05.01.2026;100\n"), Options{}), func(r *Row) string { return r.Phone })
	// With an email, the row is known by it: its phone is dropped, its order kept.
	kept := rowsOf(mustLayout(t, "e.csv", []byte("Клиент;Email;Телефон;Дата;Сумма\nАнна;a@x.ru;3,80501E+11;05.01.2026;100\n"), Options{}),
		func(r *Row) string { return r.Email + " " + r.Phone })
	if !slices.Equal(kept, []string{"a@x.ru "}) {
		t.Errorf("with an email: %q", kept)
	}
	if want := []string{`bad: Phone "3,80501E+11" is a number Excel shortened, its last digits lost: format the phone column as text, type the phones again, and save the file.`, "89031112233"}; !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
}

// TestSplitTags: a tags cell is split on commas and semicolons, and hashtags on spaces too.
func TestSplitTags(t *testing.T) {
	for in, want := range map[string][]string{
		"vip, опт; постоянный": {"vip", "опт", "постоянный"},
		"#vip #опт":            {"vip", "опт"},
		"#vip, оптовый клиент": {"vip", "оптовый клиент"},
		"  ;, ":                nil,
		"# ##":                 nil,
		"оптовый #1":           {"оптовый #1"},
	} {
		if got := splitTags(nil, in); !slices.Equal(got, want) {
			t.Errorf("splitTags(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRepeatedDates: the rows of a day have the same date cell, which date reads once (see
// dateMemo); each row still gets its own date or its own error, and a second pass reads the
// same.
func TestRepeatedDates(t *testing.T) {
	csv := "Клиент,Сумма,Дата,Срок\n" +
		"Анна,100,22.11.2026,30.11.2026\n" +
		"Борис,200,22.11.2026,30.11.2026\n" +
		"Вера,300,31.11.2026,30.11.2026\n" +
		"Глеб,400,31.11.2026,01.12.2026\n" +
		"Дина,500,23.11.2026,01.12.2026\n"
	l := mustLayout(t, "days.csv", []byte(csv), Options{})
	show := func(r *Row) string { return r.Name + " " + r.OrderedOn.String() + " " + r.DueOn.String() }
	const bad = `bad: Order date "31.11.2026" is not a real day in the column's format dd.mm.yyyy: November 2026 has 30 days.`
	want := []string{"Анна 2026-11-22 2026-11-30", "Борис 2026-11-22 2026-11-30",
		bad, bad,
		"Дина 2026-11-23 2026-12-01"}
	for pass := 1; pass <= 2; pass++ {
		if got := rowsOf(l, show); !slices.Equal(got, want) {
			t.Errorf("pass %d:\n got %q\nwant %q", pass, got, want)
		}
	}
}

// TestWeakClientWords: a clinic's, café's or school's word for the client names the client
// column alone, but a column of the one who pays wins over it (a vet's patient is a pet).
func TestWeakClientWords(t *testing.T) {
	for csv, want := range map[string]string{
		"Пациент,Дата,Сумма\nШарик,22.11.2026,100\n":                    "Пациент",
		"Дата,Пациент,ФИО владельца,Сумма\n22.11.2026,Шарик,Анна,100\n": "ФИО владельца",
		"Ученик,Плательщик,Дата,Сумма\nПетя,Анна,22.11.2026,100\n":      "Плательщик",
		"Гость,Клиент,Дата,Сумма\nВера,ООО Ромашка,22.11.2026,100\n":    "Клиент",
	} {
		l := mustLayout(t, "s.csv", []byte(csv), Options{})
		if c := l.Column(FieldName); c == nil || c.Header != want {
			t.Errorf("%q: the client column is %+v, want %q", csv, c, want)
		}
	}
}
