package importer

import (
	"slices"
	"strings"
	"testing"
)

func TestGuessField(t *testing.T) {
	tests := map[string]string{
		"Клиент": FieldName, "Заказчик": FieldName, "Покупатель": FieldName, "ФИО": FieldName, "Customer": FieldName,
		"Имя клиента": FieldName, "Client name": FieldName, "Пациент": FieldName, "Гость": FieldName, "Ученик": FieldName,
		"Patient": FieldName, "Guest": FieldName, "Student": FieldName,
		"Компания": FieldCompany, "Организация": FieldCompany, "Company": FieldCompany, "Название компании": FieldCompany,
		"Email": FieldEmail, "E-mail": FieldEmail, "Почта": FieldEmail, "Эл. почта": FieldEmail, "Email клиента": FieldEmail,
		"Телефон": FieldPhone, "Тел.": FieldPhone, "Phone": FieldPhone, "Телефон клиента": FieldPhone,
		"Telegram": FieldMessenger, "Мессенджер": FieldMessenger,
		"Отрасль": FieldIndustry, "Сфера": FieldIndustry, "Industry": FieldIndustry,
		"Источник": FieldSource, "Source": FieldSource,
		"Теги": FieldTags, "Метки": FieldTags, "Tags": FieldTags,
		"Заметки": FieldNotes, "Комментарий": FieldNotes, "Примечание": FieldNotes, "Notes": FieldNotes, "Comment": FieldNotes,
		"Услуга": FieldService, "Работа": FieldService, "Service": FieldService, "Product": FieldService, "Товар": FieldService,
		"Проект": FieldTitle, "Описание": FieldTitle, "Название": FieldTitle, "Title": FieldTitle, "Description": FieldTitle,
		"Сумма": FieldAmount, "Стоимость": FieldAmount, "Цена": FieldAmount, "Amount": FieldAmount, "Total": FieldAmount,
		"Price": FieldAmount, "Sum": FieldAmount, "Сумма, ₽": FieldAmount, "Сумма (руб.)": FieldAmount,
		"Валюта": FieldCurrency, "Currency": FieldCurrency,
		"Дата": FieldOrderedOn, "Дата заказа": FieldOrderedOn, "Order date": FieldOrderedOn, "Date": FieldOrderedOn,
		"Срок": FieldDueOn, "Срок сдачи": FieldDueOn, "Дедлайн": FieldDueOn, "Due date": FieldDueOn, "Deadline": FieldDueOn,
		"Сдано": FieldDeliveredOn, "Сдан": FieldDeliveredOn, "Дата сдачи": FieldDeliveredOn, "Delivered": FieldDeliveredOn,
		"Статус": FieldStatus, "Status": FieldStatus, "Статус заказа": FieldStatus,
		"Оплачено": FieldPaid, "Оплата": FieldPaid, "Paid": FieldPaid, "Статус оплаты": FieldPaid,
		"№": "", "Дата оплаты": "", "Дата рождения": "", "Что-то ещё": "", "": "",
		// A summary above the table: counts of clients and the date of the export.
		"Всего клиентов": "", "Количество клиентов": "", "Кол-во клиентов": "", "Число компаний": "",
		"Клиентов всего": "", "Total clients": "", "Number of customers": "", "Customer count": "", "# of clients": "",
		"Дата выгрузки": "", "Дата отчёта": "", "Дата формирования": "", "Export date": "", "Report date": "",
		"Сумма скидки": "", "Tax Amount": "", "Сумма НДС": "", "Скидка": "", "Стоимость доставки": "",
		"Сумма с НДС": FieldAmount, "Итого, руб.": FieldAmount, "Сумма без НДС": FieldAmount, "Цена за шт.": FieldAmount,
		"Адрес электронной почты": FieldEmail, "Электронный адрес": FieldEmail, "Email-адрес покупателя": FieldEmail,
		"Отметка времени": FieldOrderedOn, "Timestamp": FieldOrderedOn, "Основной контакт": FieldName,
		"Тип операции": FieldOperation, "Вид операции": FieldOperation, "Transaction type": FieldOperation, "Operation type": FieldOperation,
		"Операция": "", "Тип платежа": "", "Transaction": "",
		"Client number": FieldName, "Номер клиента": FieldName, "Итоговая сумма": FieldAmount, "Total amount": FieldAmount,
	}
	for in, want := range tests {
		if got, _ := guessField(in); got != want {
			t.Errorf("guessField(%q)=%q, want %q", in, got, want)
		}
	}
}

// TestSurerHeaderFirst: a field goes to the column whose header names it most surely, not to
// the first that may mean it: a line's sum beside its unit price, the order's date beside
// another date.
func TestSurerHeaderFirst(t *testing.T) {
	tests := []struct {
		header string
		want   map[string]string // field: header
	}{
		{"Клиент,Кол-во,Цена,Сумма,Дата", map[string]string{FieldAmount: "Сумма", FieldOrderedOn: "Дата"}},
		{"Клиент,Дата доставки,Дата заказа,Сумма", map[string]string{FieldOrderedOn: "Дата заказа", FieldDeliveredOn: "Дата доставки"}},
		{"Клиент,Дата,Дата заказа,Сумма", map[string]string{FieldOrderedOn: "Дата заказа", FieldAmount: "Сумма"}},
		{"Customer,Price,Qty,Total,Created,Order date", map[string]string{FieldAmount: "Total", FieldOrderedOn: "Order date", FieldName: "Customer"}},
		{"Клиент,Цена,Дата", map[string]string{FieldAmount: "Цена"}},                // the only one: still the amount
		{"Клиент,Стоимость,Итого,Дата", map[string]string{FieldAmount: "Итого"}},    // the cost before a discount, the total after
		{"Клиент,Сумма,Итого,Дата", map[string]string{FieldAmount: "Итого"}},        // the total: after a discount
		{"Клиент,Сумма,Сумма заказа,Дата", map[string]string{FieldAmount: "Сумма"}}, // as sure: the first
		{"Клиент,Дата,Итоговая сумма,Стоимость", map[string]string{FieldAmount: "Итоговая сумма"}},
		{"Клиент,Total amount,Cost,Date", map[string]string{FieldAmount: "Total amount"}},
		{"Цена,Кол-во,Сумма итого,Клиент,Дата", map[string]string{FieldAmount: "Сумма итого"}},
		{"Клиент,Дата визита,Дата создания,Сумма", map[string]string{FieldOrderedOn: "Дата визита"}},
		{"Клиент,Дата создания,Дата сделки,Сумма", map[string]string{FieldOrderedOn: "Дата сделки"}},
		{"Клиент,Дата услуги,Дата доставки,Сумма", map[string]string{FieldOrderedOn: "Дата услуги", FieldDeliveredOn: "Дата доставки"}},
		{"Клиент,Дата,Дата оплаты,Сумма", map[string]string{FieldOrderedOn: "Дата"}},
		// A part of the sum is no amount, a unit's price or a subtotal is weak, a total sure.
		{"Дата,Клиент,Сумма скидки,Итоговая сумма", map[string]string{FieldAmount: "Итоговая сумма"}},
		{"Дата,Клиент,Стоимость,Итоговая сумма", map[string]string{FieldAmount: "Итоговая сумма"}},
		{"Дата,Клиент,Стоимость,Итого руб.", map[string]string{FieldAmount: "Итого руб."}},
		{"Дата,Клиент,Цена за единицу,Количество,Сумма по позиции", map[string]string{FieldAmount: "Сумма по позиции"}},
		{"Дата,Клиент,Сумма предоплаты,Общая сумма", map[string]string{FieldAmount: "Общая сумма"}},
		{"Дата,Клиент,Комиссия (сумма),Сумма платежа", map[string]string{FieldAmount: "Сумма платежа"}},
		{"Дата,Клиент,Сумма возврата,Сумма платежа", map[string]string{FieldAmount: "Сумма платежа"}},
		{"Дата,Клиент,Сумма без скидки,Сумма со скидкой", map[string]string{FieldAmount: "Сумма со скидкой"}},
		{"Дата,Клиент,Сумма к зачислению,Сумма операции", map[string]string{FieldAmount: "Сумма операции"}},
		{"Date,Customer,Discount Amount,Total Amount", map[string]string{FieldAmount: "Total Amount"}},
		{"Date,Customer,Tax Amount,Total (incl. tax)", map[string]string{FieldAmount: "Total (incl. tax)"}},
		{"Customer,Date,Cart Discount Amount,Order Subtotal Amount,Order Total Amount", map[string]string{FieldAmount: "Order Total Amount"}},
		{"Клиент,Дата,Сумма НДС,Сумма", map[string]string{FieldAmount: "Сумма"}},
		{"Клиент,Дата,Стоимость доставки,Стоимость", map[string]string{FieldAmount: "Стоимость"}},
		// A total word beside a count or another field is no amount; a sum with a part is a total.
		{"Date,Customer,Service,Rate,Total hours,Amount", map[string]string{FieldAmount: "Amount"}},
		{"Дата,Клиент,Сумма,Итого кол-во", map[string]string{FieldAmount: "Сумма"}},
		{"Дата,Клиент,Сумма,Итоговый статус", map[string]string{FieldAmount: "Сумма", FieldStatus: "Итоговый статус"}},
		{"Date,Customer,Amount,Total Qty,Total items,Total Visits", map[string]string{FieldAmount: "Amount"}},
		{"Дата,Клиент,Сумма,Скидка,Сумма со скидкой", map[string]string{FieldAmount: "Сумма со скидкой"}},
		{"Дата,Клиент,Сумма,Скидка,Итого со скидкой", map[string]string{FieldAmount: "Итого со скидкой"}},
		{"Дата,Клиент,Сумма,Скидка,Общая сумма", map[string]string{FieldAmount: "Общая сумма"}},
		{"Дата,Клиент,Сумма,Скидка,Сумма после скидки", map[string]string{FieldAmount: "Сумма после скидки"}},
		{"Дата,Клиент,Сумма без НДС,Сумма в т.ч. НДС", map[string]string{FieldAmount: "Сумма в т.ч. НДС"}},
		{"Дата,Клиент,Товар,Кол-во,Цена с НДС,Сумма с НДС", map[string]string{FieldAmount: "Сумма с НДС"}},
		{"Дата,Клиент,Услуга,Стоимость сборки", map[string]string{FieldAmount: "Стоимость сборки"}},
		{"Date,Customer,Amount,Discount,Discounted Total", map[string]string{FieldAmount: "Discounted Total"}},
		// A client's code or number is the client only where nothing names the client.
		{"ID клиента,Покупатель (ФИО),Дата,Сумма", map[string]string{FieldName: "Покупатель (ФИО)"}},
		{"Номер клиента,Имя и фамилия,Дата,Сумма", map[string]string{FieldName: "Имя и фамилия"}},
		{"Customer ID,Billing Name,Date,Total", map[string]string{FieldName: "Billing Name"}},
		{"Код клиента,Дата,Сумма", map[string]string{FieldName: "Код клиента"}},
		{"Customer ID,Contact,Date,Amount", map[string]string{FieldName: "Contact"}},
		{"ID клиента,Контакт,Дата,Сумма", map[string]string{FieldName: "Контакт"}},
		// Google Forms' time of the answer is the order's date only where no column says it.
		{"Отметка времени,ФИО,Телефон,Дата визита,Услуга,Сумма", map[string]string{FieldOrderedOn: "Дата визита"}},
		{"Timestamp,Name,Date,Amount", map[string]string{FieldOrderedOn: "Date"}},
	}
	for _, tt := range tests {
		s, err := OpenBytes("p.csv", []byte(tt.header+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		l := &Layout{File: "p.csv", sheet: s}
		l.setColumns(strings.Split(tt.header, ","))
		for f, h := range tt.want {
			if c := l.Column(f); c == nil || c.Header != h {
				t.Errorf("%s: %s is %+v, want the column %q", tt.header, f, c, h)
			}
		}
	}
}

// TestNameInParts: a sheet that keeps the surname, the first name and the patronymic in
// columns of their own names each client by them all, in the sheet's order, so that two
// Annas are two clients.
func TestNameInParts(t *testing.T) {
	tests := []struct {
		name, data string
		opts       Options
		want       []string
	}{
		{"FIO", "Фамилия,Имя,Отчество,Дата,Сумма\nИванова,Анна,Сергеевна,01.02.2026,100\nПетрова,Анна,,02.02.2026,200\n",
			Options{}, []string{"Иванова Анна Сергеевна", "Петрова Анна"}},
		{"FirstLast", "First Name,Last Name,Order date,Total\nAnna,Smith,2026-02-01,100\n,Brown,2026-02-02,200\n",
			Options{}, []string{"Anna Smith", "Brown"}},
		{"SurnameOnly", "Фамилия,Дата,Сумма\nИванова,01.02.2026,100\n", Options{}, []string{"Иванова"}},
		{"ByMap", "Ф,И,Дата,Сумма\nИванова,Анна,01.02.2026,100\n",
			Options{Map: map[string]string{"Ф": "last_name", "И": "first_name"}}, []string{"Иванова Анна"}},
		{"OneNameColumn", "Фамилия Имя,Дата,Сумма\nИванова Анна,01.02.2026,100\n", Options{}, []string{"Иванова Анна"}},
		// A whole name beside its parts is the name: the parts would say it twice.
		{"NameBesideParts", "Name,First Name,Last Name,Order date,Total\nAnna Ivanova,Anna,Ivanova,2026-02-01,100\n", Options{},
			[]string{"Anna Ivanova"}},
		{"FIOBesideParts", "ФИО,Фамилия,Имя,Дата,Сумма\nИванова Анна Сергеевна,Иванова,Анна,01.02.2026,100\n", Options{},
			[]string{"Иванова Анна Сергеевна"}},
		{"ClientBesidePatronymic", "Клиент,Имя,Отчество,Дата,Сумма\nИван Петров,Иван,Сергеевич,01.02.2026,100\n", Options{},
			[]string{"Иван Петров"}},
		{"MailtoLink", "Клиент,Email,Дата,Сумма\nАнна,MAILTO:anna@x.ru,01.02.2026,100\nБорис,mailto:,01.02.2026,100\n", Options{},
			[]string{"Анна anna@x.ru", "Борис mailto:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustLayout(t, "n.csv", []byte(tt.data), tt.opts)
			var got []string
			l.Each(func(r *Row, b *RowError, _ *Ignored) error {
				if r != nil {
					got = append(got, strings.TrimSpace(r.Name+" "+r.Email))
				} else if b != nil {
					got = append(got, "bad: "+b.english())
				}
				return nil
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("names %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLayoutMap(t *testing.T) {
	data := "Кто,Когда,Сколько,Клиент\nАнна,22.11.2026,100,x\n"
	s, err := OpenBytes("m.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Layout(Options{}); err == nil {
		t.Fatal("want an error for missing date and amount columns")
	}
	l, err := s.Layout(Options{Map: map[string]string{" кто ": "name", "КОГДА": "ordered_on", "Сколько": "amount", "Клиент": "-", "Нет": "notes"}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Columns[0].Field != FieldName || l.Columns[3].Field != "" || len(l.Unmatched) != 1 {
		t.Errorf("columns=%+v unmatched=%v", l.Columns, l.Unmatched)
	}
	if _, err := s.Layout(Options{Map: map[string]string{"Кто": "nme"}}); err == nil {
		t.Error("want an error for an unknown field")
	}
}

// TestHeaderRow: the header is the first row that names a client, a date and an amount
// column (by its words or --map), below up to headerSearch rows of titles and notes.
func TestHeaderRow(t *testing.T) {
	titles := func(n int) string { return strings.Repeat("Заказы за 2025 год,,\n", n) }
	const table = "Клиент,Дата,Сумма\nАнна,22.11.2025,100\nБорис,31.02.2025,200\n"
	tests := []struct {
		name        string
		data        string
		opts        Options
		header, abv int
		err         string
	}{
		{"First", table, Options{}, 1, 0, ""},
		{"BelowTitle", "Заказы за 2025 год,,\n,,\n" + table, Options{}, 3, 1, ""},
		{"BelowTitleAndNote", "\"Студия «Пиксель»\",,\nВыгружено 01.12.2025,,\n\n" + table, Options{}, 4, 2, ""},
		{"BelowTenTitles", titles(headerSearch) + table, Options{}, headerSearch + 1, headerSearch, ""},
		{"ElevenTitlesTooMany", titles(headerSearch+1) + table, Options{}, 0, 0, `among the headers "Заказы за 2025 год", "", "" of row 1`},
		{"ByMap", "Заказы,,\nКто,Когда,Сколько\nАнна,22.11.2025,100\nБорис,31.02.2025,200\n",
			Options{Map: map[string]string{"Кто": "name", "Когда": "ordered_on", "Сколько": "amount"}}, 2, 1, ""},
		{"NoHeader", "Анна,22.11.2025,100\nБорис,23.11.2025,200\n", Options{}, 0, 0, `among the headers "Анна", "22.11.2025", "100" of row 1`},
		{"TitleOnly", "Заказы за 2025 год,,\n", Options{}, 0, 0, `of row 1`},
		// A letter maps its column in every row: the header is still the row with text over
		// the columns an order needs, not the title above it.
		{"LetterMapSkipsTitle", "Заказы за 2025 год,,\n,,\n" + table, Options{Map: map[string]string{"A": "name", "B": "ordered_on", "C": "amount"}}, 3, 1, ""},
		{"LetterMapCompletesHeader", "Заказы за 2025 год,,\nКлиент,Дата,\nАнна,22.11.2025,100\nБорис,31.02.2025,200\n",
			Options{Map: map[string]string{"C": "amount"}}, 2, 1, ""},
		{"PartialMapNamesItsRow", "Заказы за 2025 год,,\n\nКто,Когда,Сколько\nАнна,22.11.2025,100\n",
			Options{Map: map[string]string{"Когда": "ordered_on", "Сколько": "amount"}}, 0, 0, `has no client column (name, company, email or phone) among the headers "Кто", "Когда", "Сколько" of row 3`},
		{"OrderAboveHeader", "Анна,22.11.2025,100\n" + table, Options{}, 0, 0,
			"row 1 stands above the header (row 2) but looks like an order, and rows above the header are not imported"},
		{"BadOrderAboveHeader", "Анна,22.11.2025,1 500 у.е.\n" + table, Options{}, 0, 0, "row 1 stands above the header (row 2)"},
		{"NumberedOrderAboveHeader", "1024,22.11.2025,100\n" + table, Options{}, 0, 0, "row 1 stands above the header (row 2)"},
		{"UnreadableAboveHeader", "Заказы,,\nСтудия \"Пиксель\",\"выгрузка\",\n" + table, Options{}, 0, 0, "row 2"},
		// A block of totals above the table: its labels are no header, or the table's below
		// them is, and its figures are no orders unless they stand in the table's columns.
		{"TotalsAbove", "Всего клиентов,Дата выгрузки,Сумма\n2,01.12.2025,300\n\n" + table, Options{}, 4, 2, ""},
		{"SummaryNamesColumns", "Сумма,Лучший клиент,Дата\n300,Анна,01.12.2025\n" + table, Options{}, 3, 2, ""},
		{"SummaryLikeOrders", "Лучший клиент,Дата,Сумма\nАнна,01.12.2025,300\n" + table, Options{}, 0, 0,
			"row 2 stands above the header (row 3) but looks like an order"},
		{"QuoteInTitle", "Заказы,,\nСтудия \"Пиксель\" выгрузка,,\n" + table, Options{}, 3, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenBytes("h.csv", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			l, err := s.Layout(tt.opts)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err=%v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.HeaderLine != tt.header || l.Above != tt.abv || l.Rows != 2 {
				t.Errorf("header row %d, %d above, %d rows; want %d, %d, 2", l.HeaderLine, l.Above, l.Rows, tt.header, tt.abv)
			}
			var good, bad []int
			l.Each(func(r *Row, b *RowError, _ *Ignored) error {
				if r != nil {
					good = append(good, r.Line)
				} else if b != nil {
					bad = append(bad, b.Line)
				}
				return nil
			})
			if len(good) != 1 || good[0] != tt.header+1 || len(bad) != 1 || bad[0] != tt.header+2 {
				t.Errorf("good rows %v, bad %v: want the sheet's rows %d and %d", good, bad, tt.header+1, tt.header+2)
			}
		})
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d)=%q, want %q", i, got, want)
		}
	}
}

// TestTwoRowHeader: a header of two rows names a column in its first row where its second is
// blank (a cell merged down, or a group's name over it); a title above a header names none.
func TestTwoRowHeader(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string // the columns' headers
	}{
		{"Groups", "Клиент,Контакты,,Заказ,,\n,Email,Телефон,Дата,Сумма,Статус\nАнна,a@x.ru,,01.11.2026,100,Оплачен\n",
			[]string{"Клиент", "Email", "Телефон", "Дата", "Сумма", "Статус"}},
		{"Title", "Заказы за 2026 год,,\n,Дата,Сумма\nАнна,01.11.2026,100\n", nil},
		{"BlankBetween", "Клиент,Заказ,\n\n,Дата,Сумма\nАнна,01.11.2026,100\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := headerLayout(t, tt.data, tt.want == nil)
			if l == nil {
				return
			}
			var got []string
			for _, c := range l.Columns {
				got = append(got, c.Header)
			}
			if !slices.Equal(got, tt.want) || l.HeaderLine != 2 || l.HeaderFrom != 1 || l.Above != 0 {
				t.Errorf("headers %q of rows %d-%d (%d above), want %q of rows 1-2", got, l.HeaderFrom, l.HeaderLine, l.Above, tt.want)
			}
			if names := rowsOf(l, func(r *Row) string { return r.Name + " " + r.Email }); !slices.Equal(names, []string{"Анна a@x.ru"}) {
				t.Errorf("rows %q", names)
			}
		})
	}
}

// TestHeaderRowsKept: what only looks like a header's other row is none — a data row below a
// header of two rows, a section row under a named column, a letterhead over named columns, a
// one-cell title that names a field — and a header repeated below the first rows is a bad row
// of the table, not its header.
func TestHeaderRowsKept(t *testing.T) {
	tests := []struct {
		name, data       string
		from, header     int
		fields           string // the columns' fields
		good, bad, above int
	}{
		{"DataBelowTwoRows", "Клиент,Контакты,,Дата,Сумма\n,Email,Телефон,,\nКомпания Вектор,,,01.11.2026,100\nАнна,a@x.ru,,02.11.2026,200\n",
			1, 2, "name email phone ordered_on amount", 2, 0, 0},
		{"SectionRow", "№ заказа,Клиент,Дата,Сумма\nЗаказы по телефону,,,\n10231,Анна,01.11.2026,100\n10232,Борис,02.11.2026,200\n",
			0, 1, " name ordered_on amount", 2, 1, 0},
		{"Letterhead", "Студия Пиксель,Тел. +7 495 123-45-67,,\nКлиент,,Дата,Сумма\nАнна,постоянный клиент,01.11.2026,100\n",
			0, 2, "name  ordered_on amount", 1, 0, 1},
		{"TitleNamingAField", "Клиенты 2026,,\n,Дата,Сумма\nАнна,01.11.2026,100\n", 0, 2, " ordered_on amount", 0, 0, 1},
		{"RepeatedHeader", "Код клиента,Дата,Сумма\n1024,01.11.2026,100\n1025,02.11.2026,200\nКод клиента,Дата,Сумма\n1026,01.12.2026,300\n",
			0, 1, "name ordered_on amount", 3, 1, 0},
		{"CountAbove", "Всего клиентов,Дата выгрузки,Сумма\n2,01.12.2025,300\nКлиент,Дата,Сумма\nАнна,01.11.2026,100\n",
			0, 3, "name ordered_on amount", 1, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := headerLayout(t, tt.data, tt.name == "TitleNamingAField") // a title names no column
			if l == nil {
				return
			}
			var fields []string
			for _, c := range l.Columns {
				fields = append(fields, c.Field)
			}
			good, bad := 0, 0
			l.Each(func(r *Row, b *RowError, _ *Ignored) error {
				if r != nil {
					good++
				} else if b != nil {
					bad++
				}
				return nil
			})
			if l.HeaderFrom != tt.from || l.HeaderLine != tt.header || strings.Join(fields, " ") != tt.fields ||
				good != tt.good || bad != tt.bad || l.Above != tt.above {
				t.Errorf("header rows %d-%d, %d above, fields %q, %d good, %d bad; want %d-%d, %d, %q, %d, %d",
					l.HeaderFrom, l.HeaderLine, l.Above, strings.Join(fields, " "), good, bad, tt.from, tt.header, tt.above, tt.fields, tt.good, tt.bad)
			}
		})
	}
}

// TestAmountColumnRefused: an amount column in thousands, or a unit's price guessed beside a
// quantity, is refused with the reason; a price mapped as the amount, or beside a total, is not.
func TestAmountColumnRefused(t *testing.T) {
	for _, tt := range []struct {
		data string
		opts Options
		err  string
	}{
		{"Клиент,Дата,\"Сумма, тыс. руб.\"\nАнна,05.01.2026,15\n", Options{}, `counts in thousands or millions ("тыс")`},
		{"Client,Date,Amount ($K)\nAnna,2026-01-05,15\n", Options{}, `counts in thousands or millions ("k")`},
		{"Клиент,Дата,Сумма (млн)\nАнна,05.01.2026,1\n", Options{}, `("млн")`},
		{"Дата,Покупатель,Товар,Кол-во,Цена\n05.01.2026,Анна,Свеча,3,500\n", Options{}, `is a unit's price beside the quantity column "Кол-во"`},
		{"Date,Customer,Qty,Unit price\n2026-01-05,Anna,3,500\n", Options{}, `beside the quantity column "Qty"`},
		{"Дата,Покупатель,Кол-во,Цена\n05.01.2026,Анна,3,500\n", Options{Map: map[string]string{"Цена": "amount"}}, ""},
		{"Дата,Покупатель,Кол-во,Цена,Сумма\n05.01.2026,Анна,3,500,1500\n", Options{}, ""},
		{"Дата,Покупатель,Цена\n05.01.2026,Анна,500\n", Options{}, ""},
		{"Дата,Покупатель,Товар,\"Количество, шт.\",\"Цена за шт., руб.\"\n05.01.2026,Анна,Свеча,3,500\n", Options{}, `beside the quantity column "Количество, шт."`},
		// A price that says more, a count of something else, a VAT-inclusive sum: imported.
		{"Клиент,Дата,Сумма в т.ч. НДС\nАнна,05.01.2026,1500\n", Options{}, ""},
		{"Клиент,Дата,\"Сумма, в т.ч. НДС\"\nАнна,05.01.2026,1500\n", Options{}, ""},
		{"Дата,Клиент,Мероприятие,Количество участников,Цена\n05.01.2026,Анна,Корпоратив,12,50000\n", Options{}, ""},
		{"Дата,Клиент,Кол-во гостей,Цена\n05.01.2026,Анна,4,12000\n", Options{}, ""},
		{"Дата,Клиент,Кол-во,Цена итого\n05.01.2026,Анна,4,12000\n", Options{}, ""},
		{"Date,Customer,Qty,Price paid\n2026-01-05,Anna,4,12000\n", Options{}, ""},
	} {
		s, err := OpenBytes("a.csv", []byte(tt.data))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Layout(tt.opts)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%q: err=%v, want %q", tt.data, err, tt.err)
		}
	}
}

// headerLayout returns the layout of the CSV text data; with noClient, it checks that the
// layout fails for want of a client column instead, and returns nil.
func headerLayout(t *testing.T, data string, noClient bool) *Layout {
	t.Helper()
	s, err := OpenBytes("h.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Layout(Options{})
	if noClient {
		if err == nil || !strings.Contains(err.Error(), "no client column") {
			t.Fatalf("err=%v, want no client column", err)
		}
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}
