package analytics_test

import (
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

func TestExplain(t *testing.T) {
	// Days: x repeat occasions over Recency days, T days old.
	pred := func(x, recency, age, alive, orders, horizon float64) analytics.Prediction {
		return analytics.Prediction{Frequency: x, Recency: recency, T: age, PAlive: alive,
			ExpectedOrders: orders, Horizon: horizon, Unit: analytics.Day}
	}
	tests := []struct {
		name   string
		p      analytics.Prediction
		en, ru string
	}{
		{"Issue", pred(4, 365, 578, 0.18, 0, 0),
			"orders about every 3 months; 7 months since the last order; about an 18% chance the client is still active",
			"заказывает примерно раз в 3 месяца; с последнего заказа прошло 7 месяцев; вероятность, что клиент ещё активен, — около 18%"},
		{"OneTime", pred(0, 0, 1, 0.5, 0, 0),
			"has ordered once; 1 day since the last order; about a 50% chance the client is still active",
			"заказал один раз; с последнего заказа прошёл 1 день; вероятность, что клиент ещё активен, — около 50%"},
		{"Days2", pred(5, 10, 12, 0.8, 0, 0),
			"orders about every 2 days; 2 days since the last order; about an 80% chance the client is still active",
			"заказывает примерно раз в 2 дня; с последнего заказа прошло 2 дня; вероятность, что клиент ещё активен, — около 80%"},
		{"Days5Weekly", pred(3, 21, 26, 0.11, 0, 0),
			"orders about once a week; 5 days since the last order; about an 11% chance the client is still active",
			"заказывает примерно раз в неделю; с последнего заказа прошло 5 дней; вероятность, что клиент ещё активен, — около 11%"},
		{"Weeks", pred(1, 21, 42, 0.08, 0, 0),
			"orders about every 3 weeks; 3 weeks since the last order; about an 8% chance the client is still active",
			"заказывает примерно раз в 3 недели; с последнего заказа прошло 3 недели; вероятность, что клиент ещё активен, — около 8%"},
		{"Week1", pred(1, 9, 18, 0.001, 0, 0),
			"orders about once a week; 1 week since the last order; less than a 1% chance the client is still active",
			"заказывает примерно раз в неделю; с последнего заказа прошла 1 неделя; вероятность, что клиент ещё активен, — меньше 1%"},
		{"Month1", pred(2, 61, 91, 0.999, 0, 0),
			"orders about once a month; 1 month since the last order; about a 99% chance the client is still active",
			"заказывает примерно раз в месяц; с последнего заказа прошёл 1 месяц; вероятность, что клиент ещё активен, — около 99%"},
		{"Months21", pred(1, 639, 1278, 1, 0, 0),
			"orders about every 21 months; 21 months since the last order; about a 100% chance the client is still active",
			"заказывает примерно раз в 21 месяц; с последнего заказа прошёл 21 месяц; вероятность, что клиент ещё активен, — около 100%"},
		{"Years", pred(1, 1461, 2922, 0.3, 0, 0),
			"orders about every 4 years; 4 years since the last order; about a 30% chance the client is still active",
			"заказывает примерно раз в 4 года; с последнего заказа прошло 4 года; вероятность, что клиент ещё активен, — около 30%"},
		{"Today", pred(1, 30, 30, 0.9, 1.44, 91),
			"orders about once a month; ordered today; about a 90% chance the client is still active; about 1.4 orders expected in the next 3 months",
			"заказывает примерно раз в месяц; последний заказ — сегодня; вероятность, что клиент ещё активен, — около 90%; ожидается около 1,4 заказа за следующие 3 месяца"},
		{"OneOrderNextMonth", pred(1, 30, 40, 0.9, 1.02, 30),
			"orders about once a month; 1 week since the last order; about a 90% chance the client is still active; about 1 order expected in the next month",
			"заказывает примерно раз в месяц; с последнего заказа прошла 1 неделя; вероятность, что клиент ещё активен, — около 90%; ожидается около 1 заказа за следующий месяц"},
		{"FiveOrdersYear", pred(10, 300, 310, 0.95, 5, 365),
			"orders about once a month; 1 week since the last order; about a 95% chance the client is still active; about 5 orders expected in the next 12 months",
			"заказывает примерно раз в месяц; с последнего заказа прошла 1 неделя; вероятность, что клиент ещё активен, — около 95%; ожидается около 5 заказов за следующие 12 месяцев"},
		{"NextWeek", pred(10, 30, 31, 0.95, 2, 7),
			"orders about every 3 days; 1 day since the last order; about a 95% chance the client is still active; about 2 orders expected in the next week",
			"заказывает примерно раз в 3 дня; с последнего заказа прошёл 1 день; вероятность, что клиент ещё активен, — около 95%; ожидается около 2 заказов за следующую неделю"},
		{"Weeks21InWeekUnit", analytics.Prediction{Frequency: 1, Recency: 21 * 7, T: 21*7 + 21*7, PAlive: 0.5, Unit: analytics.Week},
			"orders about every 3 years; 3 years since the last order; about a 50% chance the client is still active",
			"заказывает примерно раз в 3 года; с последнего заказа прошло 3 года; вероятность, что клиент ещё активен, — около 50%"},
		{"Days5", pred(2, 40, 45, 0.3, 21.0, 21),
			"orders about every 3 weeks; 5 days since the last order; about a 30% chance the client is still active; about 21 orders expected in the next 3 weeks",
			"заказывает примерно раз в 3 недели; с последнего заказа прошло 5 дней; вероятность, что клиент ещё активен, — около 30%; ожидается около 21 заказа за следующие 3 недели"},
		{"FractionIn5Months", pred(2, 40, 45, 0.3, 0.25, 147),
			"orders about every 3 weeks; 5 days since the last order; about a 30% chance the client is still active; about 0.3 orders expected in the next 5 months",
			"заказывает примерно раз в 3 недели; с последнего заказа прошло 5 дней; вероятность, что клиент ещё активен, — около 30%; ожидается около 0,3 заказа за следующие 5 месяцев"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analytics.Explain(tt.p, "en"); got != tt.en {
				t.Errorf("en:\n got %q\nwant %q", got, tt.en)
			}
			if got := analytics.Explain(tt.p, "ru-RU"); got != tt.ru {
				t.Errorf("ru:\n got %q\nwant %q", got, tt.ru)
			}
		})
	}
}
