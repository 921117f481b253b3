package importer

import "testing"

func TestParseStatus(t *testing.T) {
	tests := map[string]string{
		"Оплачен": "paid", "оплачено": "paid", "ОПЛАЧЕНА": "paid", "Paid": "paid",
		"Отменён": "cancelled", "отменен": "cancelled", "Отмена": "cancelled", "Cancelled": "cancelled", "canceled": "cancelled",
		"Возврат": "refunded", "Возвращён": "refunded", "Refunded": "refunded",
		"Клиент подтвердил": "planned", "подтвердила": "planned",
		"В работе": "in_progress", "в процессе": "in_progress", "In progress": "in_progress", "in-progress": "in_progress",
		"Сдан": "delivered", "Сдано": "delivered", "Выполнен": "delivered", "Готово": "delivered", "Завершён": "delivered",
		"Done": "delivered", "Delivered": "delivered", "Completed": "delivered",
		"Не оплачен": "unpaid", "Долг": "unpaid", "Unpaid": "unpaid", "Pending": "unpaid",
		"Запланирован": "planned", "План": "planned", "Planned": "planned",
		" оплачено. ": "paid",
		// As CRMs and booking services export them (amoCRM, Bitrix24, YClients, marketplaces).
		"Успешно реализовано": "paid", "Сделка успешна": "paid", "Закрыто и не реализовано": "cancelled",
		"Сделка провалена": "cancelled", "Клиент не пришел": "cancelled", "Отменён клиентом": "cancelled",
		"Клиент пришел": "delivered", "Доставлен покупателю": "delivered", "Ожидание клиента": "planned",
		"Доставляется": "in_progress", "Processing": "in_progress", "Confirmed": "planned", "Возврат товара": "refunded",
	}
	for in, want := range tests {
		if got, ok := parseStatus(in); !ok || got != want {
			t.Errorf("parseStatus(%q)=%q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "может быть", "paid?!x", "оплачено частично"} {
		if got, ok := parseStatus(in); ok {
			t.Errorf("parseStatus(%q)=%q, want unknown", in, got)
		}
	}
}

func TestPaidColumn(t *testing.T) {
	tests := []struct {
		status, paid, want string
	}{
		{"", "да", "paid"}, {"", "нет", "unpaid"}, {"", "Yes", "paid"}, {"", "no", "unpaid"},
		{"", "TRUE", "paid"}, {"", "0", "unpaid"}, {"", "+", "paid"}, {"", "-", "unpaid"}, {"", "✓", "paid"},
		{"", "", ""}, {"", "может быть", ""}, {"", "05.02.2026", "paid"}, {"", "2026-02-05", "paid"}, {"", "32.02.2026", ""},
		{"delivered", "да", "paid"}, {"delivered", "нет", "unpaid"},
		{"cancelled", "да", "cancelled"}, {"in_progress", "нет", "in_progress"}, {"refunded", "yes", "refunded"},
	}
	for _, tt := range tests {
		paid, known := parsePaid(tt.paid)
		if got := combineStatus(tt.status, paid, known); got != tt.want {
			t.Errorf("status %q paid %q: %q, want %q", tt.status, tt.paid, got, tt.want)
		}
	}
}
