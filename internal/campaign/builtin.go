package campaign

import (
	"context"

	"github.com/regulars/regulars"
)

// Builtin returns the sequences Regulars starts with; the owner may edit them.
//
// Reactivation is the source's four letters to a sleeping client, a week apart: how are
// things → what other clients achieved → a free consultation or audit → an offer with a
// discount. It stops as soon as the client orders or answers.
func Builtin() []*regulars.Sequence {
	ru, en := "ru", "en"
	foot := map[string]string{
		ru: "\n\n—\nНе хотите получать такие письма? Отписаться: {unsubscribe}",
		en: "\n\n—\nRather not get letters like this? Unsubscribe: {unsubscribe}",
	}
	step := func(day int, subjRU, textRU, subjEN, textEN string) regulars.Step {
		return regulars.Step{Day: day, Templates: map[string]regulars.MailTemplate{
			ru: {Subject: subjRU, Text: textRU + foot[ru]},
			en: {Subject: subjEN, Text: textEN + foot[en]},
		}}
	}
	return []*regulars.Sequence{
		{Key: "reactivation", Name: "Reactivation: four letters to a sleeping client", Marketing: true,
			StopOnOrder: true, StopOnReply: true, Active: true, Steps: []regulars.Step{
				step(0, "{name}, как у вас дела?",
					"Здравствуйте, {name}!\n\nДавно не общались — с «{project}» прошло уже {months} мес. Как идут дела, всё ли работает как задумывали?\n\nЕсли что-то нужно поправить или появились новые задачи — просто ответьте на это письмо.",
					"{name}, how are things?",
					"Hello {name},\n\nIt has been a while — {months} months since \"{project}\". How are things going, does everything work as planned?\n\nIf anything needs a fix or there is something new, just reply to this letter."),
				step(7, "Что получилось у клиентов за это время",
					"{name}, добрый день!\n\nЗа последние месяцы мы помогли нескольким клиентам: кто-то обновил сайт и получил больше заявок, кто-то навёл порядок в рекламе и снизил стоимость обращения.\n\nЕсли интересно, как это могло бы сработать у вас, — расскажу подробнее.",
					"What our clients achieved lately",
					"Good day {name},\n\nOver the last months we helped a few clients: one refreshed a site and got more leads, another put the ads in order and paid less per enquiry.\n\nIf you wonder how this could work for you, I will gladly tell more."),
				step(14, "Бесплатная консультация для вас",
					"{name}, предлагаю бесплатную консультацию или короткий аудит: посмотрю, что сейчас можно улучшить после «{project}», и пришлю список с приоритетами.\n\nОтветьте на письмо удобным временем — созвонимся на 20 минут.",
					"A free consultation for you",
					"{name}, I would like to offer a free consultation or a short audit: I will look at what can be improved after \"{project}\" and send a list with priorities.\n\nReply with a time that suits you — a 20-minute call."),
				step(21, "Специальное предложение для постоянных клиентов",
					"{name}, для тех, с кем мы уже работали, до конца месяца — скидка 15% на следующий проект.\n\nЕсли есть задача, которую давно хотели сделать, сейчас хороший момент. Просто ответьте на письмо.",
					"A special offer for returning clients",
					"{name}, for those we have worked with before: 15% off the next project until the end of the month.\n\nIf there is a task you have long wanted to do, now is a good moment. Just reply to this letter."),
			}},
		{Key: "after_delivery", Name: "After delivery: feedback, then a check-in", StopOnReply: true, Active: true, Steps: []regulars.Step{
			{Day: 3, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, как вам результат?", Text: "Здравствуйте, {name}!\n\nНесколько дней назад мы сдали «{project}». Всё ли получилось так, как вы хотели? Буду благодарен за пару слов — что понравилось и что стоит сделать лучше."},
				en: {Subject: "{name}, how do you like the result?", Text: "Hello {name},\n\nA few days ago we delivered \"{project}\". Did it turn out as you wanted? A couple of words on what you liked and what could be better would mean a lot."},
			}},
			{Day: 30, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "Как работает «{project}»?", Text: "{name}, прошёл месяц после сдачи «{project}». Всё работает? Если появились вопросы или идеи, что доработать, — напишите, разберёмся."},
				en: {Subject: "How is \"{project}\" doing?", Text: "{name}, it has been a month since we delivered \"{project}\". Is everything working? If questions or ideas for improvements came up, write — we will sort them out."},
			}}}},
		{Key: "birthday", Name: "Birthday greeting", Marketing: true, Active: true, Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, с днём рождения!", Text: "{name}, поздравляем с днём рождения! Желаем сил, вдохновения и проектов, которые радуют." + foot[ru]},
				en: {Subject: "Happy birthday, {name}!", Text: "{name}, happy birthday! We wish you energy, inspiration and projects that bring joy." + foot[en]},
			}}}},
		{Key: "digest", Name: "Monthly digest (write the month's news before switching it on)", Marketing: true, Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, новости месяца", Text: "{name}, здравствуйте!\n\nЧто нового у нас за месяц: …\n\nЕсли что-то из этого пригодится вам — просто ответьте на письмо." + foot[ru]},
				en: {Subject: "{name}, the month's news", Text: "Hello {name},\n\nWhat is new with us this month: …\n\nIf any of it could help you, just reply to this letter." + foot[en]},
			}}}},
		{Key: "holiday", Name: "Holiday greeting", Marketing: true, Active: true, Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, поздравляем: {holiday}!", Text: "{name}, поздравляем вас — {holiday}! Пусть работа радует, а клиенты возвращаются." + foot[ru]},
				en: {Subject: "{name}, happy {holiday}!", Text: "{name}, our congratulations — {holiday}! May work bring joy and clients keep coming back." + foot[en]},
			}}}},
		{Key: "anniversary", Name: "The anniversary of the first order: an offer", Marketing: true, StopOnOrder: true, Active: true, Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, в этот день вы впервые обратились к нам", Text: "{name}, в этот день мы начали работать вместе — спасибо за доверие! В честь годовщины дарим скидку 20% на следующий заказ в течение месяца. Просто ответьте на письмо, если есть задача." + foot[ru]},
				en: {Subject: "{name}, on this day you first came to us", Text: "{name}, on this day we started working together — thank you for your trust! To mark it, 20% off your next order within a month. Just reply if you have a task in mind." + foot[en]},
			}}}},
		{Key: "add_on", Name: "After a service: what usually comes next", Marketing: true, StopOnOrder: true, StopOnReply: true, Active: true,
			Steps: []regulars.Step{{Day: 14, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "{name}, что обычно делают после «{project}»", Text: "{name}, после «{project}» многие клиенты берут «{offer}» — это {price}. Если интересно, расскажу, что это даст именно вам: просто ответьте на письмо." + foot[ru]},
				en: {Subject: "{name}, what usually comes after \"{project}\"", Text: "{name}, after \"{project}\" many clients take \"{offer}\" — {price}. If you are curious what it would give you, just reply to this letter." + foot[en]},
			}}}},
		{Key: "thank_you", Name: "Thank you after an order", StopOnReply: false, Active: true, Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{
				ru: {Subject: "Спасибо за заказ, {name}!", Text: "Здравствуйте, {name}!\n\nСпасибо, что выбрали нас для «{project}». Если появятся вопросы — пишите в ответ на это письмо, мы на связи."},
				en: {Subject: "Thank you for your order, {name}!", Text: "Hello {name},\n\nThank you for choosing us for \"{project}\". If any question comes up, reply to this letter — we are here."},
			}}}},
	}
}

// EnsureBuiltin creates the built-in sequences that are missing, and leaves the others (the
// owner may have edited them) as they are.
func EnsureBuiltin(ctx context.Context, seqs regulars.SequenceService) error {
	for _, s := range Builtin() {
		if _, err := seqs.FindSequenceByKey(ctx, s.Key); regulars.ErrorCode(err) != regulars.ENOTFOUND {
			if err != nil {
				return err
			}
			continue
		}
		if err := seqs.CreateSequence(ctx, s); err != nil && regulars.ErrorCode(err) != regulars.ECONFLICT {
			return err
		}
	}
	return nil
}
