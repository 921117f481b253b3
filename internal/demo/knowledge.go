package demo

import (
	"strings"

	"github.com/regulars/regulars"
)

// What the studio writes down about a client's preferences, by preference.
var (
	detailNotes = map[string]string{
		regulars.DetailDetailed: "Любит подробные отчёты с цифрами и скриншотами.",
		regulars.DetailBrief:    "Просит краткие сводки: три пункта, без лишних деталей.",
	}
	timeNotes = map[string]string{
		regulars.TimeMorning: "На связи с утра, до 11.",
		regulars.TimeDay:     "Удобнее днём, после обеда.",
		regulars.TimeEvening: "Отвечает поздно вечером: днём на производстве.",
	}
	channelNotes = map[string]string{
		regulars.ChannelCall:    "Предпочитает созвониться, переписку читает редко.",
		regulars.ChannelMessage: "Удобнее переписка в мессенджере, звонки не любит.",
		regulars.ChannelEmail:   "Всё важное — письмом на почту, с копией бухгалтеру.",
	}
	otherNotes = []string{
		"Платит вовремя, закрывающие документы — в конце месяца.",
		"Решения принимает собственник: согласовывать с ним.",
		"Не любит длинные созвоны, лучше голосовые сообщения.",
		"Просит присылать макеты в PDF.",
		"Работает через ЭДО.",
		"Ценит инициативу: просит предлагать улучшения.",
		"Всегда торгуется, но платит быстро.",
		"Отличный отзыв, кейс разрешено показывать в портфолио.",
		"Есть помощник, который ведёт переписку.",
		"В августе обычно в отпуске.",
	}
)

const vipNote = "Ключевой клиент: отдельный чат, скидки на новые услуги, приглашать на закрытые вебинары."

// knowledge writes down what the studio knows of the client: notes, pain points and goals.
// The studio knows more about the clients it works with often.
func (g *generator) knowledge(c *regulars.Client, a archetype, p person, ind *industry, referrer string) {
	depth := 0.9
	switch a {
	case archOneOff:
		depth = 0.35
	case archNew:
		depth = 0.6
	}
	var notes []string
	if a == archVIP {
		notes = append(notes, vipNote)
	}
	if referrer != "" {
		notes = append(notes, "Пришёл по рекомендации: "+referrer+".")
		if p.female {
			notes[len(notes)-1] = "Пришла по рекомендации: " + referrer + "."
		}
	}
	for _, n := range []string{detailNotes[c.DetailLevel], timeNotes[c.PreferredTime], channelNotes[c.PreferredChannel]} {
		if n != "" && g.chance(depth*0.7) {
			notes = append(notes, n)
		}
	}
	if g.chance(depth) {
		notes = append(notes, pick(g, otherNotes))
	}
	c.Notes = strings.Join(notes, " ")
	if g.chance(depth) {
		c.PainPoints = g.either(ind.pains, commonPains)
	}
	if g.chance(depth) {
		c.Goals = g.either(ind.goals, commonGoals)
	}
}

// either returns an element of specific or, less often, of common.
func (g *generator) either(specific, common []string) string {
	if len(specific) > 0 && g.chance(0.6) {
		return pick(g, specific)
	}
	return pick(g, common)
}
