package importer

import "testing"

func TestGuessField(t *testing.T) {
	tests := map[string]string{
		"Клиент": FieldName, "Заказчик": FieldName, "Покупатель": FieldName, "ФИО": FieldName, "Customer": FieldName,
		"Имя клиента": FieldName, "Client name": FieldName,
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
		"Сдано": FieldDeliveredOn, "Дата сдачи": FieldDeliveredOn, "Delivered": FieldDeliveredOn,
		"Статус": FieldStatus, "Status": FieldStatus, "Статус заказа": FieldStatus,
		"Оплачено": FieldPaid, "Оплата": FieldPaid, "Paid": FieldPaid, "Статус оплаты": FieldPaid,
		"№": "", "Дата оплаты": "", "Дата рождения": "", "Что-то ещё": "", "": "",
	}
	for in, want := range tests {
		if got := guessField(in); got != want {
			t.Errorf("guessField(%q)=%q, want %q", in, got, want)
		}
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

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d)=%q, want %q", i, got, want)
		}
	}
}
