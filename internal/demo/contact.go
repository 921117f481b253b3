package demo

import (
	"context"
	"slices"
	"strconv"

	"github.com/regulars/regulars"
)

// contactLog generates the client's contact log around its orders, sorts it by date and
// streams it. Nothing is logged after AsOf.
func (g *generator) contactLog(ctx context.Context, a archetype, c *regulars.Client) {
	g.contacts = g.contacts[:0]
	for k := range g.orders {
		o := &g.orders[k]
		if g.cat[o.svc].monthly {
			g.monthReport(c, o)
			continue
		}
		g.orderContacts(c, o, k == 0)
	}
	switch a {
	case archVIP:
		g.vipContacts(c)
	case archSleeping:
		if last := g.orders[len(g.orders)-1].on; g.chance(0.25) {
			g.log(c, last.AddDays(g.between(90, 150)), regulars.DirectionOutbound,
				"Написали: «Как дела с проектом, который мы запускали?» Ответа нет.")
		}
	}
	slices.SortStableFunc(g.contacts, func(x, y regulars.Interaction) int { return x.On.Compare(y.On) })
	for k := range g.contacts {
		rec := g.contacts[k] // a copy: the loader may keep what it is given
		rec.ClientID = c.ID
		g.addInteraction(ctx, &rec)
	}
}

// orderContacts logs the request, the proposal, the delivery and the touchpoints after it.
func (g *generator) orderContacts(c *regulars.Client, o *orderPlan, first bool) {
	name := "«" + g.cat[o.svc].name + "»"
	if first || g.chance(0.5) {
		g.log(c, o.on.AddDays(-g.between(1, 5)), regulars.DirectionInbound, "Запрос: "+name+". "+pick(g, requestNotes))
	}
	if first || g.chance(0.3) {
		ch := regulars.ChannelEmail
		if c.PreferredChannel == regulars.ChannelMessage {
			ch = regulars.ChannelMessage
		}
		g.logOn(c, o.on.AddDays(-g.between(0, 1)), ch, regulars.DirectionOutbound, "Отправлено КП: "+name+", "+rubles(o.rub)+".")
	}
	if o.status == regulars.StatusCancelled {
		g.log(c, o.on.AddDays(g.between(1, 10)), regulars.DirectionInbound, "Заказ отменён: "+pick(g, cancelReasons))
		return
	}
	open, p := o.delivered.IsZero(), 0.4
	if open {
		p = 0.6 // the work is on: the touchpoint is due
	}
	if week := o.due.AddDays(-7); week.After(o.on) && g.chance(p) {
		g.log(c, week, regulars.DirectionOutbound, "За неделю до сдачи спросили о планах: нужна ли техподдержка и доработки.")
	}
	if open {
		return
	}
	note := pick(g, deliveryNotes)
	if g.cat[o.svc].category == catSites && g.chance(0.5) {
		note = "Сайт сдан, в подарок — инструкция по администрированию"
	}
	g.log(c, o.delivered, regulars.DirectionOutbound, note+" ("+name+")")
	g.afterDelivery(c, o, name)
}

// afterDelivery logs what follows a delivered order: payment reminders, refunds, a check a
// month later and a request for feedback.
func (g *generator) afterDelivery(c *regulars.Client, o *orderPlan, name string) {
	switch o.status {
	case regulars.StatusUnpaid:
		g.log(c, o.delivered.AddDays(g.between(7, 20)), regulars.DirectionOutbound, "Напомнили об оплате счёта за "+name+".")
	case regulars.StatusRefunded:
		g.log(c, o.delivered.AddDays(g.between(2, 14)), regulars.DirectionInbound, "Просит вернуть деньги за "+name+": результат не устроил.")
		return
	}
	if g.chance(0.35) {
		day := o.delivered.AddDays(g.between(28, 35))
		g.log(c, day, regulars.DirectionOutbound, "Через месяц после сдачи спросили, как дела: "+name+".")
		if g.chance(0.6) {
			g.log(c, day.AddDays(g.between(0, 3)), regulars.DirectionInbound, pick(g, replies))
		}
	}
	if g.chance(0.2) {
		day := o.delivered.AddDays(g.between(3, 10))
		g.log(c, day, regulars.DirectionOutbound, "Попросили отзыв о работе.")
		if g.chance(0.6) {
			g.log(c, day.AddDays(g.between(1, 5)), regulars.DirectionInbound, pick(g, reviews))
		}
	}
}

// monthReport logs the report of a month of a subscription, as detailed or brief as the
// client likes.
func (g *generator) monthReport(c *regulars.Client, o *orderPlan) {
	if o.delivered.IsZero() || !g.chance(0.5) {
		return
	}
	note := "Отправлен отчёт за месяц: " + o.title + "."
	switch c.DetailLevel {
	case regulars.DetailDetailed:
		note = "Отправлен подробный отчёт с цифрами: " + o.title + "."
	case regulars.DetailBrief:
		note = "Отправлена краткая сводка: " + o.title + "."
	}
	g.log(c, o.delivered, regulars.DirectionOutbound, note)
}

// vipContacts logs the special attention VIPs get: planning meetings and closed webinars.
func (g *generator) vipContacts(c *regulars.Client) {
	first := g.orders[0].on
	for range g.between(1, 3) {
		day := first.AddDays(g.between(30, max(31, g.cfg.AsOf.Sub(first))))
		if g.chance(0.5) {
			g.logOn(c, day, regulars.ChannelMeeting, regulars.DirectionOutbound, "Встреча: обсудили планы на год и бюджет.")
		} else {
			g.logOn(c, day, regulars.ChannelEmail, regulars.DirectionOutbound, "Приглашение на закрытый вебинар для постоянных клиентов.")
		}
	}
}

// log adds an interaction over the client's preferred channel, or a message.
func (g *generator) log(c *regulars.Client, on regulars.Date, dir, note string) {
	ch := c.PreferredChannel
	if ch == "" || g.chance(0.2) {
		ch = channels[g.weighted(channelWeights[:3])]
	}
	g.logOn(c, on, ch, dir, note)
}

func (g *generator) logOn(c *regulars.Client, on regulars.Date, ch, dir, note string) {
	if on.After(g.cfg.AsOf) {
		return
	}
	g.contacts = append(g.contacts, regulars.Interaction{On: on, Channel: ch, Direction: dir, Note: note, CreatedAt: at(on, 12)})
}

var (
	requestNotes = []string{
		"Обсудили задачу и сроки.", "Нужно к началу сезона.", "Прислали бриф, созвонились.",
		"Увидели кейс в портфолио.", "Бюджет согласован с директором.", "Срочно, до конца месяца.",
	}
	cancelReasons = []string{
		"бюджет перенесли на следующий квартал.", "проект закрыли.", "решили сделать своими силами.",
		"сменился руководитель, задачу пересматривают.",
	}
	deliveryNotes = []string{
		"Работа сдана, поблагодарили за заказ", "Сдали работу и отчёт", "Работа принята без правок",
		"Работа сдана, правки внесены",
	}
	replies = []string{
		"Всё хорошо, заявок стало больше.", "Работает, есть пара мелких вопросов — поправили бесплатно.",
		"Довольны, думают о следующем этапе.", "Пока не смотрели статистику, обещали вернуться.",
	}
	reviews = []string{
		"Отзыв: «Всё чётко и в срок».", "Отзыв получен, разрешили показать кейс.",
		"Отзыв: «Рекомендую, работаем дальше»", "Отзыв для сайта: «Спасибо за терпение к нашим правкам».",
	}
)

// rubles formats whole roubles as people write them: "45 000 ₽".
func rubles(rub int64) string {
	s := strconv.FormatInt(rub, 10)
	b := make([]byte, 0, len(s)+len(s)/3+4)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ' ')
		}
		b = append(b, s[i])
	}
	return string(b) + " ₽"
}
