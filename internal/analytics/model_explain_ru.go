package analytics

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regulars/regulars/internal/locale"
)

// The Russian plural categories, and the category of a number.
const (
	one  = locale.One
	few  = locale.Few
	many = locale.Many
)

func pluralRU(n int) int { return locale.PluralRU(n) }

// nounRU is a Russian noun of time: its forms after a number (one, few, many), the
// accusative singular ("раз в неделю") and whether it is feminine.
type nounRU struct {
	forms    [3]string
	accusOne string
	feminine bool
}

var unitsRU = [...]nounRU{
	spanDay:   {[3]string{"день", "дня", "дней"}, "день", false},
	spanWeek:  {[3]string{"неделя", "недели", "недель"}, "неделю", true},
	spanMonth: {[3]string{"месяц", "месяца", "месяцев"}, "месяц", false},
	spanYear:  {[3]string{"год", "года", "лет"}, "год", false},
}

// ru returns d in the nominative: "1 месяц", "3 месяца", "7 месяцев".
func (d duration) ru() string {
	return strconv.Itoa(d.n) + " " + unitsRU[d.unit].forms[pluralRU(d.n)]
}

// ruAccus returns d in the accusative, as after "раз в" or "за": "21 неделю", "3 недели".
func (d duration) ruAccus() string {
	u := unitsRU[d.unit]
	if pluralRU(d.n) == one {
		return strconv.Itoa(d.n) + " " + u.accusOne
	}
	return d.ru()
}

func rhythmRU(p Prediction, days float64) string {
	if p.Frequency == 0 {
		return "заказал один раз"
	}
	g := gap(p, days)
	if g.n == 1 {
		return "заказывает примерно раз в " + unitsRU[g.unit].accusOne
	}
	return "заказывает примерно раз в " + g.ruAccus()
}

func sinceRU(d duration) string {
	if d.n == 0 && d.unit == spanDay {
		return "последний заказ — сегодня"
	}
	// The verb agrees with the noun after 1, 21 …: "прошёл 1 месяц", "прошла 21 неделя".
	verb := "прошло"
	if pluralRU(d.n) == one {
		verb = "прошёл"
		if unitsRU[d.unit].feminine {
			verb = "прошла"
		}
	}
	return "с последнего заказа " + verb + " " + d.ru()
}

func aliveRU(pr float64) string {
	n := percent(pr)
	if n == 0 && pr > 0 {
		return "вероятность, что клиент ещё активен, — меньше 1%"
	}
	return fmt.Sprintf("вероятность, что клиент ещё активен, — около %d%%", n)
}

// ordersRU returns "ожидается около 1,4 заказа за следующие 3 месяца". "Около" takes the
// genitive: singular after 1, 21 … and after a fraction, plural otherwise ("около 2 заказов");
// the adjective of the horizon is singular after 1, 21 ….
func ordersRU(e float64, h duration) string {
	num := formatOrders(e, ",")
	noun := "заказа"
	if n, err := strconv.Atoi(num); err == nil && pluralRU(n) != one {
		noun = "заказов"
	}
	next := "следующие " + h.ru()
	if pluralRU(h.n) == one {
		next = "следующий " + h.ruAccus()
		if unitsRU[h.unit].feminine {
			next = "следующую " + h.ruAccus()
		}
	}
	if h.n == 1 {
		next = strings.Replace(next, "1 ", "", 1) // "за следующий месяц"
	}
	return fmt.Sprintf("ожидается около %s %s за %s", num, noun, next)
}
