package locale

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

func newTestTranslator(t *testing.T) *Translator {
	t.Helper()
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func idSet(t *testing.T, lang string) map[string]bool {
	t.Helper()
	ids, err := IDs(lang)
	if err != nil {
		t.Fatalf("IDs(%s): %v", lang, err)
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// missingFrom returns the ids of a that b lacks, sorted.
func missingFrom(a, b map[string]bool) []string {
	var out []string
	for id := range a {
		if !b[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func TestSameIDs(t *testing.T) {
	en, ru := idSet(t, EN), idSet(t, RU)
	if len(en) == 0 {
		t.Fatal("en.json has no messages")
	}
	if m := missingFrom(en, ru); len(m) > 0 {
		t.Errorf("ru.json lacks %d messages of en.json: %s", len(m), strings.Join(m, ", "))
	}
	if m := missingFrom(ru, en); len(m) > 0 {
		t.Errorf("en.json lacks %d messages of ru.json: %s", len(m), strings.Join(m, ", "))
	}
}

var (
	// In templates: {{.T "id" …}}, {{$.N "id" n}}, {{$v.T "id"}}, {{.V.T "id"}}. Ids built with
	// printf ({{.T (printf "kind.%s" .Kind)}}) have no quote right after T and are not matched.
	templateT = regexp.MustCompile(`\.T "([^"]+)"`)
	templateN = regexp.MustCompile(`\.N "([^"]+)"`)
	// In Go: v.T("id", …), v.N("id", n).
	goT = regexp.MustCompile(`\bv\.T\("([^"]+)"`)
	goN = regexp.MustCompile(`\bv\.N\("([^"]+)"`)
)

// usedIDs reads the web templates and Go files as text and returns the message ids they use
// with T and with N, each with the files that use it.
func usedIDs(t *testing.T) (plain, plural map[string][]string) {
	t.Helper()
	plain, plural = map[string][]string{}, map[string][]string{}
	add := func(m map[string][]string, re *regexp.Regexp, text, file string) {
		for _, sub := range re.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(m[sub[1]], file) {
				m[sub[1]] = append(m[sub[1]], file)
			}
		}
	}
	templates := filepath.Join("..", "web", "templates")
	n := 0
	err := filepath.WalkDir(templates, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		add(plain, templateT, string(b), path)
		add(plural, templateN, string(b), path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no templates under %s", templates)
	}
	goFiles, err := filepath.Glob(filepath.Join("..", "web", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range goFiles {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		add(plain, goT, string(b), path)
		add(plural, goN, string(b), path)
	}
	return plain, plural
}

func TestUsedIDsExist(t *testing.T) {
	plain, plural := usedIDs(t)
	if len(plain) == 0 || len(plural) == 0 {
		t.Fatalf("found %d ids used with T and %d with N: the patterns match nothing", len(plain), len(plural))
	}
	known := idSet(t, EN)
	for _, used := range []map[string][]string{plain, plural} {
		ids := make([]string, 0, len(used))
		for id := range used {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if !known[id] {
				t.Errorf("message %q, used in %s, is not in en.json", id, strings.Join(used[id], ", "))
			}
		}
	}

	// A message used with N needs its plural forms, one used with T a plain string.
	forms := map[string][]string{EN: {"one", "other"}, RU: {"one", "few", "many", "other"}}
	for _, lang := range []string{EN, RU} {
		raw := rawMessages(t, lang)
		for id := range plural {
			var m map[string]string
			if err := json.Unmarshal(raw[id], &m); err != nil {
				if raw[id] != nil {
					t.Errorf("%s.json: %q is used with N but is not a map of plural forms", lang, id)
				}
				continue
			}
			for _, f := range forms[lang] {
				if m[f] == "" {
					t.Errorf("%s.json: %q lacks the plural form %q", lang, id, f)
				}
			}
		}
		for id := range plain {
			var s string
			if raw[id] != nil && json.Unmarshal(raw[id], &s) != nil {
				t.Errorf("%s.json: %q is used with T but is not a string", lang, id)
			}
		}
	}
}

func rawMessages(t *testing.T, lang string) map[string]json.RawMessage {
	t.Helper()
	b, err := messageFiles.ReadFile("messages/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTranslatorN(t *testing.T) {
	tr := newTestTranslator(t)
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{RU, 0, "0 клиентов"},
		{RU, 1, "1 клиент"},
		{RU, 2, "2 клиента"},
		{RU, 4, "4 клиента"},
		{RU, 5, "5 клиентов"},
		{RU, 11, "11 клиентов"},
		{RU, 12, "12 клиентов"},
		{RU, 21, "21 клиент"},
		{RU, 22, "22 клиента"},
		{RU, 111, "111 клиентов"},
		{RU, 1000, "1\u00a0000 клиентов"},
		{RU, 1001, "1\u00a0001 клиент"},
		{EN, 0, "0 clients"},
		{EN, 1, "1 client"},
		{EN, 2, "2 clients"},
		{EN, 21, "21 clients"},
		{EN, 1000, "1,000 clients"},
	} {
		if got := tr.N(tc.lang, "count.clients", tc.n); got != tc.want {
			t.Errorf("N(%s, count.clients, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestTranslatorT(t *testing.T) {
	tr := newTestTranslator(t)
	for _, tc := range []struct {
		lang, id string
		args     []any
		want     string
	}{
		{RU, "nav.clients", nil, "Клиенты"},
		{EN, "nav.clients", nil, "Clients"},
		{RU, "agenda.acted_snooze", []any{"Name", "Анна Петрова"}, "Анна Петрова: отложено."},
		{EN, "agenda.acted_snooze", []any{"Name", "Anna Petrova"}, "Anna Petrova: snoozed."},
		{EN, "clients.page_of", []any{"Page", 2, "Pages", 7}, "Page 2 of 7"},
		// A reason reads well with or without its subject.
		{RU, "reason.thank_you", []any{"Subject", "Лендинг"}, "Заказ «Лендинг» сдан — поблагодарите клиента."},
		{RU, "reason.thank_you", []any{"Subject", ""}, "Заказ сдан — поблагодарите клиента."},
		// An unknown language falls back to English; an unknown id to the id itself.
		{"de", "nav.clients", nil, "Clients"},
		{RU, "no.such.message", nil, "no.such.message"},
		{EN, "no.such.message", []any{"Name", "Anna"}, "no.such.message"},
		// A message in another, said in the other's language.
		{RU, "import.err.before_header", []any{"Row", 2, "Problem", Nested{ID: "import.row.nul", Args: []any{"Byte", 4}}},
			"строку 2 не прочитать, а заголовка таблицы выше неё не нашлось. В ячейке символ NUL (байт 4, показан как ␀), которого в тексте не бывает; сохраните таблицу заново в CSV."},
	} {
		if got := tr.T(tc.lang, tc.id, tc.args...); got != tc.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tc.lang, tc.id, tc.args, got, tc.want)
		}
	}
}

// TestTemplatesExecute runs every message with the fields the pages (and the CLI) pass, so that a typo in
// a {{template}} action shows here rather than as the id on a page.
func TestTemplatesExecute(t *testing.T) {
	tr := newTestTranslator(t)
	args := []any{"Name", "N", "Subject", "S", "Low", "40%", "High", "60%", "Days", "30",
		"Date", "1.1.2026", "Header", "H", "Page", 1, "Pages", 2, "Top", "500", "Zone", "Europe/Moscow", "Address", "a@b.ru", "N", 1,
		"Done", "10", "Pct", 1, "Count", "5", "File", "f.csv", "Row", 3, "Column", "C", "Value", `"v"`, "Error", "E",
		"Reason", "R", "Names", "A / B", "IDs", "1, 2", "A", "1", "B", "2", "Letter", "D", "Field", "ordered_on", "TakenBy", "C",
		"Key", "D", "Q", `"x"`, "Err", "e", "Byte", 3, "Hex", "CF", "Currency", "USD", "Digits", 16, "Month", 2, "MonthName", "February",
		"Year", 2026, "Days", 28, "Min", 1900, "Max", 2100, "Label", "Итого", "Format", "dd.mm.yyyy", "Last", 9, "Status", `"Оплачен"`, "Sheet", `"Заказы"`, "Others", `"Лист2"`, "FieldName", "Order date",
		"Amount", "100,00 ₽", "Client", "Вера", "Order", 34, "Was", "15 000,00 ₽", "Prev", 2,
		"Triggers", "event, date", "Step", 2, "Lang", "ru", "Var", "{Имя}", "Known", "{Name}", "Error", "E", "ID", 7, "Email", "a@b.ru",
		"From", 3, "To", 9, "DMY", "dd/mm/yyyy", "MDY", "mm/dd/yyyy", "AQ", `"1.2.2026"`, "BQ", `"2026-02-01"`, "First", `"x"`,
		"NoClient", true, "NoDate", true, "NoAmount", true, "Headers", `"A", "B"`, "Path", "dir",
		"ALetter", "B", "BLetter", "C", "H", `"Сумма"`, "F", `"sum"`, "Fields", "name, amount", "Have", `"A"`,
		"Current", 16, "Target", 15, "Login", "anna", "Operation", `"Оплата"`, "Samples", `"a", "b"`, "Dir", "d", "Cause", "c", "Kind", "birthday", "Into", 2,
		"Flag", "--f", "Arg", "x", "Flags", "--a, --b", "Args", "<x>", "Commands", "a, b", "Values", `"a","b"`, "Suggest", `"--g"`, "Other", "--g",
		"Rate", "47,7 %", "Verdict", "v", "Rate12m", "50 %", "M3", "1 ₽", "M6", "2 ₽", "M12", "3 ₽", "Model", "BG/NBD", "Unit", "в неделях",
		"End", "22.11.2026", "P", "1", "V", "2", "LL", "-3", "Kinds", "a, b", "Steps", 3, "Segment", "x", "Addr", ":80", "Parent", "client",
		"Table", "clients", "MB", 32, "Second", 2, "Holiday", "День учителя", "DateKind", "День рождения",
		"Problem", Nested{ID: "import.row.nul", Args: []any{"Byte", 3}}}
	for _, lang := range []string{EN, RU} {
		for id, raw := range rawMessages(t, lang) {
			var got string
			if raw[0] == '{' {
				got = tr.N(lang, id, 5, args...)
			} else {
				got = tr.T(lang, id, args...)
			}
			if got == id || got == "" || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
				t.Errorf("%s: %q gives %q", lang, id, got)
			}
		}
	}
}
