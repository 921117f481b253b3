package agenda

import (
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

// Draft is a ready message for an item, in the gentle tone the source asks for: never a pitch
// first.
type Draft struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Locale  string `json:"locale"`
}

// draftData is what a template can use.
type draftData struct {
	Name        string // the client's first name
	Project     string // the last project: its title, else its service
	MonthsSince string // "7 месяцев", "7 months" since the last order
	Subject     string // the item's subject: the date's kind, the holiday, the plan, the offer
	Price       string // of the offer
}

// draftTemplates has, per kind and language, a subject, a brief body and what a client who
// likes detail gets after it. {name}, {project}, {months}, {subject} and {price} are filled in.
var draftTemplates = map[string]map[string][3]string{
	KindImportantDate: {
		locale.RU: {"С праздником!", "{name}, поздравляю! Желаю, чтобы всё задуманное получалось.", "Если к этому дню нужно что-то подготовить — напишите, с радостью помогу."},
		locale.EN: {"Congratulations!", "{name}, congratulations! I wish you every success with your plans.", "If you need anything prepared for the occasion, just let me know — happy to help."},
	},
	KindHoliday: {
		locale.RU: {"С профессиональным праздником!", "{name}, поздравляю с профессиональным праздником!", "Спасибо, что работаем вместе. Если к праздничным дням понадобятся материалы — я на связи."},
		locale.EN: {"Happy professional day!", "{name}, happy professional day to you and your team!", "Thank you for working with me. If you need anything for the occasion, I am here."},
	},
	KindPreDelivery: {
		locale.RU: {"Скоро сдаём «{project}»", "{name}, скоро сдаём «{project}». Какие планы дальше — нужна ли поддержка или доработки?", "Расскажите, что важно на ближайшие месяцы: подготовлю варианты заранее, без спешки."},
		locale.EN: {"{project} is nearly ready", "{name}, we are about to deliver {project}. What are your plans next — would support or improvements help?", "Tell me what matters for the coming months and I will prepare options in good time."},
	},
	KindThankYou: {
		locale.RU: {"Спасибо за заказ", "{name}, спасибо за «{project}»! Было приятно работать вместе.", "Если появятся вопросы по результату — пишите в любое время."},
		locale.EN: {"Thank you", "{name}, thank you for {project}! It was a pleasure working together.", "If any questions come up about the result, write any time."},
	},
	KindFeedbackRequest: {
		locale.RU: {"Как вам результат?", "{name}, как вам «{project}»? Буду благодарен за пару слов — что получилось, что улучшить.", "Мне важно честное мнение: оно помогает делать работу лучше."},
		locale.EN: {"How did it go?", "{name}, how do you find {project}? A few words on what worked and what to improve would help a lot.", "An honest opinion matters to me: it helps me do better work."},
	},
	KindCheckin: {
		locale.RU: {"Как работает «{project}»?", "{name}, прошёл месяц — как работает «{project}»? Всё ли устраивает?", "Если что-то можно улучшить — расскажите, посмотрю."},
		locale.EN: {"How is {project} doing?", "{name}, it has been a month — how is {project} doing? Is everything working for you?", "If something could be better, tell me and I will take a look."},
	},
	KindPlan: {
		locale.RU: {"Про ваши планы", "{name}, помню, вы планировали: «{subject}». Как продвигается?", "Если к этому понадобятся материалы — можно подготовить заранее, без спешки."},
		locale.EN: {"About your plans", "{name}, I remember you were planning: {subject}. How is it going?", "If you will need materials for it, we could prepare them ahead, without a rush."},
	},
	KindAnniversary: {
		locale.RU: {"Год совместной работы", "{name}, уже год, как мы начали работать вместе — спасибо! К годовщине дарю скидку 20% на следующий заказ.", "Если есть задачи на будущее — обсудим, когда удобно."},
		locale.EN: {"A year of working together", "{name}, it has been a year since we started working together — thank you! For the anniversary, 20% off your next order.", "If you have plans ahead, let's talk whenever it suits you."},
	},
	KindSleeping: {
		locale.RU: {"Как дела?", "{name}, как дела с проектом «{project}», который мы запускали?", "Давно не общались: последний заказ был {months} назад. Просто интересно, как всё идёт."},
		locale.EN: {"How are things?", "{name}, how is {project}, the project we launched, doing?", "It has been {months} since we last worked together — just curious how things are going."},
	},
	KindNextOffer: {
		locale.RU: {"Что дальше после «{project}»", "{name}, после «{project}» обычно хорошо работает «{subject}». Рассказать подробнее?", "Стоимость — {price}. Могу прислать пример и план работ."},
		locale.EN: {"What comes after {project}", "{name}, after {project}, {subject} usually works well. Shall I tell you more?", "It costs {price}. I can send an example and a work plan."},
	},
	KindBehaviourOffer: {
		locale.RU: {"Может пригодиться: {subject}", "{name}, спасибо за интерес к нашим материалам! Если захотите разобраться глубже — могу предложить «{subject}».", "Стоимость — {price}. Расскажу, что входит, и с чего лучше начать."},
		locale.EN: {"This might help: {subject}", "{name}, thank you for your interest in our materials! If you want to go further, {subject} could help.", "It costs {price}. I can tell you what is included and where to start."},
	},
	KindStayInTouch: {
		locale.RU: {"Увидел и подумал о вас", "{name}, как у вас дела? Давно не общались.", "Если попадётся что-то полезное для вашего бизнеса — поделюсь."},
		locale.EN: {"Saw this and thought of you", "{name}, how are you doing? It has been a while.", "If I come across something useful for your business, I will share it."},
	},
}

// Top is the number of an agenda's first items that the web app drafts: drafts of every item
// of a 100,000-client base in two languages would hold some 200 MB for a list nobody reads to
// the end.
const Top = 500

// Drafts fills each item's draft in the language, brief or detailed as the client prefers,
// from in.Templates (the built-in ones when nil).
func Drafts(items []Item, in Input, today regulars.Date, lang string) {
	NewDrafter(in, today, lang).DraftAll(items)
}

// Drafter drafts items one at a time, for a caller that writes each as it is drafted rather
// than hold every draft of a big agenda.
type Drafter struct {
	tpl     Templates
	clients map[int64]*regulars.Client
	last    map[int64]*Order
	today   regulars.Date
	lang    string
}

// NewDrafter returns the drafter of items built from in, as Drafts drafts them.
func NewDrafter(in Input, today regulars.Date, lang string) *Drafter {
	d := &Drafter{tpl: in.Templates, clients: make(map[int64]*regulars.Client, len(in.Clients)),
		last: map[int64]*Order{}, today: today, lang: lang}
	if d.tpl == nil {
		d.tpl = DefaultTemplates()
	}
	for _, c := range in.Clients {
		d.clients[c.ID] = c
	}
	for i := range in.Orders {
		o := &in.Orders[i]
		if o.Counts() && (d.last[o.ClientID] == nil || !o.OrderedOn.Before(d.last[o.ClientID].OrderedOn)) {
			d.last[o.ClientID] = o
		}
	}
	return d
}

// DraftAll fills the draft of each item.
func (d *Drafter) DraftAll(items []Item) {
	for i := range items {
		items[i].Draft = d.Draft(items[i])
	}
}

// Draft returns the draft of it, or nil when its kind has no template in the language or its
// client is unknown.
func (d *Drafter) Draft(it Item) *Draft {
	return draftFor(d.tpl, it, d.clients[it.ClientID], d.last[it.ClientID], d.today, d.lang)
}

func draftFor(tpl Templates, it Item, c *regulars.Client, last *Order, today regulars.Date, lang string) *Draft {
	ts, ok := tpl[it.Kind][lang]
	if !ok || c == nil {
		return nil
	}
	d := draftData{Name: regulars.FirstName(c.Name), Subject: it.Subject, Project: it.Subject}
	if it.Offer != nil {
		d.Price = locale.Money(it.Offer.Price, lang)
	}
	if last != nil {
		d.Project = strings.TrimSpace(last.Title)
		if d.Project == "" {
			d.Project = last.Service
		}
		months := today.MonthsSince(last.OrderedOn)
		if lang == locale.RU {
			d.MonthsSince = itoa(months) + " " + locale.Plural(months, lang, "месяц", "месяца", "месяцев")
		} else {
			d.MonthsSince = itoa(months) + " " + locale.Plural(months, lang, "month", "months", "")
		}
	}
	if it.Offer != nil && it.Offer.After != "" {
		d.Project = it.Offer.After
	}
	if d.Project == "" {
		d.Project = map[string]string{locale.RU: "наш проект", locale.EN: "our project"}[lang]
	}
	out := &Draft{Locale: lang, Subject: d.expand(ts[0]), Body: d.expand(ts[1])}
	if c.DetailLevel == regulars.DetailDetailed {
		out.Body += "\n\n" + d.expand(ts[2])
	}
	return out
}

// expand fills the {placeholders} of a template.
func (d draftData) expand(t string) string {
	var b strings.Builder
	b.Grow(len(t) + 32)
	for {
		i := strings.IndexByte(t, '{')
		j := strings.IndexByte(t[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i : i+j+1] {
		case "{name}":
			b.WriteString(d.Name)
		case "{project}":
			b.WriteString(d.Project)
		case "{months}":
			b.WriteString(d.MonthsSince)
		case "{subject}":
			b.WriteString(d.Subject)
		case "{price}":
			b.WriteString(d.Price)
		default:
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

func itoa(n int) string { return strconv.Itoa(max(n, 0)) }
