package importer

import (
	"slices"
	"strings"
)

// headerWords maps whole headers, folded, to fields.
var headerWords = map[string]string{}

func init() {
	add := func(field string, words ...string) {
		for _, w := range words {
			headerWords[fold(w)] = field
		}
	}
	add(FieldName, "клиент", "заказчик", "покупатель", "имя", "фио", "ф.и.о.", "имя клиента", "фио клиента",
		"клиент фио", "контакт", "контактное лицо", "основной контакт", "customer", "client", "name", "customer name",
		"client name", "full name", "contact", "contact name", "buyer", "плательщик", "payer",
		// Who the client is in a clinic, a café or a salon, a school or a tutor's book: weak
		// (see weakWords), since the one who pays may have a column of their own.
		"пациент", "гость", "посетитель", "ученик", "студент", "слушатель", "patient", "guest", "visitor", "student")
	add(FieldLastName, "фамилия", "фамилия клиента", "last name", "lastname", "surname", "family name")
	add(FieldFirstName, "first name", "firstname", "given name")
	add(FieldMiddleName, "отчество", "middle name", "patronymic")
	add(FieldCompany, "компания", "организация", "фирма", "юрлицо", "юр. лицо", "название компании",
		"компания клиента", "бренд", "company", "company name", "organization", "organisation", "business", "brand")
	add(FieldEmail, "email", "e-mail", "e mail", "почта", "эл. почта", "эл.почта", "электронная почта", "емейл",
		"имейл", "емэйл", "мейл", "email address", "e-mail address", "mail", "адрес электронной почты",
		"электронный адрес", "эл. адрес", "эл.адрес", "адрес эл. почты")
	add(FieldPhone, "телефон", "тел.", "тел", "номер телефона", "мобильный", "сотовый", "phone", "phone number",
		"tel", "tel.", "mobile", "cell")
	add(FieldMessenger, "telegram", "телеграм", "телеграмм", "мессенджер", "tg", "тг", "whatsapp", "ватсап",
		"вотсап", "messenger", "username", "ник")
	add(FieldIndustry, "отрасль", "сфера", "сфера деятельности", "ниша", "industry", "niche", "sector", "vertical")
	add(FieldSource, "источник", "канал", "откуда", "откуда пришёл", "откуда пришел", "source", "lead source",
		"channel", "utm source", "referral")
	add(FieldTags, "теги", "тег", "метки", "метка", "tags", "tag", "labels", "label")
	add(FieldNotes, "заметки", "заметка", "комментарий", "комментарии", "примечание", "примечания",
		"notes", "note", "comment", "comments", "remarks")
	add(FieldService, "услуга", "услуги", "работа", "вид работ", "тип услуги", "товар", "продукт",
		"позиция", "service", "product", "item", "sku", "offering")
	add(FieldTitle, "проект", "описание", "название", "наименование", "задача", "заказ", "назначение платежа", "title",
		"description", "project", "task", "details", "order")
	add(FieldAmount, "сумма", "стоимость", "цена", "сумма заказа", "стоимость заказа", "выручка", "к оплате", "итого", "итого к оплате",
		"amount", "total", "price", "sum", "revenue", "value", "cost", "order total", "order amount", "бюджет", "сумма сделки")
	add(FieldCurrency, "валюта", "currency", "cur", "ccy")
	add(FieldOrderedOn, "дата", "дата заказа", "дата покупки", "дата продажи", "дата обращения",
		"дата создания", "order date", "date", "ordered", "ordered on", "purchase date", "created", "created at",
		"отметка времени", "timestamp") // Google Forms' answers
	add(FieldDueOn, "срок", "срок сдачи", "дедлайн", "срок выполнения", "сдать до", "due date", "deadline",
		"due", "due on")
	add(FieldDeliveredOn, "сдано", "сдан", "сдана", "дата сдачи", "доставлено", "дата выполнения", "дата завершения", "выполнено",
		"delivered", "delivered on", "delivery date", "completed", "completed on", "done")
	add(FieldStatus, "статус", "статус заказа", "состояние", "этап", "стадия", "стадия сделки", "этап сделки", "status",
		"order status", "state", "stage", "deal stage")
	// Not a bare "Операция" or "Transaction": a clinic's procedure, a transaction's ID; nor "Тип
	// платежа", which is how one paid (Наличные, Карта).
	add(FieldOperation, "тип операции", "вид операции", "тип транзакции", "operation type", "transaction type",
		"type of operation")
	add(FieldPaid, "оплачено", "оплачен", "оплата", "статус оплаты", "оплачен ли", "paid", "is paid",
		"payment", "payment status")
}

// weakWords are headers that may mean their field but more often mean something near it,
// with how surely they mean it (see guessField): a unit's price (1) or the cost before a
// discount (2) beside the order's sum (3), any date beside the order's. A column with a surer
// header for the field takes it first.
var weakWords = map[string]int{}

func init() {
	for w, sure := range map[string]int{"цена": 1, "price": 1, "value": 1, "дата": 1, "date": 1, "created": 1,
		"created at": 1, "дата создания": 1, "отметка времени": 0, "timestamp": 0, "контакт": 1, "contact": 1,
		"стоимость": 2, "cost": 2, "пациент": 1, "гость": 1, "посетитель": 1, "ученик": 1, "студент": 1,
		"слушатель": 1, "patient": 1, "guest": 1, "visitor": 1, "student": 1} {
		weakWords[fold(w)] = sure
	}
}

// headerRule guesses a field from the words of a header: every stem must start a word.
// Stems of fewer than four letters must be whole words.
type headerRule struct {
	stems []string
	field string // "" marks a header that is known to mean none of the fields
}

// headerRules are tried when a header is not in headerWords. The rule with the most stems
// wins; among equals, the earlier.
var headerRules = []headerRule{
	{[]string{"дата", "сдач"}, FieldDeliveredOn},
	{[]string{"дата", "достав"}, FieldDeliveredOn},
	{[]string{"дата", "отгруз"}, FieldDeliveredOn},
	{[]string{"дата", "отправ"}, FieldDeliveredOn},
	{[]string{"дата", "услуг"}, FieldOrderedOn},
	{[]string{"дата", "визит"}, FieldOrderedOn},
	{[]string{"дата", "сделк"}, FieldOrderedOn},
	{[]string{"дата", "выполн"}, FieldDeliveredOn},
	{[]string{"дата", "заверш"}, FieldDeliveredOn},
	{[]string{"дата", "заказ"}, FieldOrderedOn},
	{[]string{"дата", "оплат"}, ""},
	{[]string{"дата", "рожд"}, ""},
	{[]string{"payment", "date"}, ""},
	{[]string{"дата", "выгруз"}, ""}, // the sheet's own dates, above its table: no order's
	{[]string{"дата", "отчет"}, ""},
	{[]string{"дата", "формир"}, ""},
	{[]string{"export", "date"}, ""},
	{[]string{"report", "date"}, ""},
	{[]string{"birth"}, ""},
	{[]string{"срок"}, FieldDueOn},
	{[]string{"дедлайн"}, FieldDueOn},
	{[]string{"deadline"}, FieldDueOn},
	{[]string{"due"}, FieldDueOn},
	{[]string{"deliver"}, FieldDeliveredOn},
	{[]string{"статус", "оплат"}, FieldPaid},
	{[]string{"email"}, FieldEmail},
	{[]string{"mail"}, FieldEmail},
	{[]string{"почта"}, FieldEmail},
	{[]string{"почты"}, FieldEmail}, // "Адрес электронной почты клиента"
	{[]string{"телефон"}, FieldPhone},
	{[]string{"тел"}, FieldPhone},
	{[]string{"phone"}, FieldPhone},
	{[]string{"telegram"}, FieldMessenger},
	{[]string{"телеграм"}, FieldMessenger},
	{[]string{"компан"}, FieldCompany},
	{[]string{"организац"}, FieldCompany},
	{[]string{"company"}, FieldCompany},
	{[]string{"клиент"}, FieldName},
	{[]string{"заказчик"}, FieldName},
	{[]string{"покупател"}, FieldName},
	{[]string{"customer"}, FieldName},
	{[]string{"client"}, FieldName},
	{[]string{"имя"}, FieldName},
	{[]string{"фио"}, FieldName},
	{[]string{"name"}, FieldName},
	{[]string{"сумм"}, FieldAmount},
	{[]string{"стоимост"}, FieldAmount},
	{[]string{"цена"}, FieldAmount},
	{[]string{"amount"}, FieldAmount},
	{[]string{"total"}, FieldAmount},
	{[]string{"price"}, FieldAmount},
	{[]string{"валют"}, FieldCurrency},
	{[]string{"currency"}, FieldCurrency},
	{[]string{"статус"}, FieldStatus},
	{[]string{"status"}, FieldStatus},
	{[]string{"оплач"}, FieldPaid},
	{[]string{"paid"}, FieldPaid},
	{[]string{"услуг"}, FieldService},
	{[]string{"service"}, FieldService},
	{[]string{"product"}, FieldService},
	{[]string{"товар"}, FieldService},
	{[]string{"проект"}, FieldTitle},
	{[]string{"описан"}, FieldTitle},
	{[]string{"назван"}, FieldTitle},
	{[]string{"коммент"}, FieldNotes},
	{[]string{"примечан"}, FieldNotes},
	{[]string{"заметк"}, FieldNotes},
	{[]string{"note"}, FieldNotes},
	{[]string{"comment"}, FieldNotes},
	{[]string{"тег"}, FieldTags},
	{[]string{"теги"}, FieldTags},
	{[]string{"метк"}, FieldTags},
	{[]string{"tag"}, FieldTags},
	{[]string{"tags"}, FieldTags},
	{[]string{"источник"}, FieldSource},
	{[]string{"source"}, FieldSource},
	{[]string{"отрасл"}, FieldIndustry},
	{[]string{"сфер"}, FieldIndustry},
	{[]string{"industry"}, FieldIndustry},
	{[]string{"дата"}, FieldOrderedOn},
	{[]string{"date"}, FieldOrderedOn},
	{[]string{"итог"}, FieldAmount}, // "Итого, руб.": last, so that "Итоговый статус" is a status
}

// guessField returns the field a header most likely means, or "", and how surely: 3 for a
// header that names the field, 2 for one whose two words do (a rule of two stems), 1 for a
// rule of one stem ("Дата доставки" is not the order's date); a weak word says its own, and
// amountGuess qualifies an amount's.
func guessField(header string) (string, int) {
	h := fold(header)
	f, sure := guessFolded(h)
	if f == FieldAmount {
		return amountGuess(strings.Fields(h), sure)
	}
	return f, sure
}

// guessFolded is guessField of a folded header, but for amountGuess.
func guessFolded(h string) (string, int) {
	if f, ok := headerWords[h]; ok {
		if sure, weak := weakWords[h]; weak {
			return f, sure
		}
		return f, 3
	}
	words := strings.Fields(h)
	var best *headerRule
	for i, r := range headerRules {
		if (best == nil || len(r.stems) > len(best.stems)) && r.matches(words) {
			best = &headerRules[i]
		}
	}
	switch {
	case best == nil:
		return "", 0
	case (best.field == FieldName || best.field == FieldCompany) && countsClients(words):
		return "", 0 // "Всего клиентов", "Number of clients": a count of clients, in a summary
	case (best.field == FieldName || best.field == FieldCompany) && codeWord(words):
		return best.field, 0 // "ID клиента", "Customer ID": a code, the name only if nothing else is
	case len(best.stems) >= 2: // "Дата заказа клиента", "Дата доставки"
		return best.field, 3
	case best.stems[0] == "дата" || best.stems[0] == "date":
		return best.field, 1 // any date: "Дата визита" beside "Дата создания", the first
	}
	return best.field, 2 // "Сумма оплаты": as sure as "Стоимость", surer than "Цена"
}

// Words that qualify a header naming an amount (see amountGuess): stems as headerRule's, and
// a stem ending in $ a whole word.
var (
	amountParts = []string{"скидк", "discount", "налог", "tax", "ндс", "vat", "предоплат", "prepay", "prepaid",
		"аванс", "deposit", "комисс", "commission", "fee", "fees", "возврат", "refund", "refunded", "доставк",
		"shipping", "чаев", "tip", "tips", "бонус", "bonus", "балл", "points", "кэшбэк", "кешбэк", "cashback",
		"долг", "задолж", "остат", "balance", "доплат", "штраф", "penalty", "сбор$", "сборы$"}
	amountWith = []string{"с", "со", "incl", "including", "inclusive", "with", "after", "учетом", "включая", "вкл",
		"после", "вычетом", "discounted"}
	amountWithout = []string{"без", "excl", "excluding", "exclusive", "without", "before", "до"}
	amountWeak    = []string{"единиц", "unit", "шт", "per", "subtotal", "подытог", "промежуточн", "зачислен", "net"}
	amountTotal   = []string{"итог", "общая$", "общий$", "общее$", "общей$", "общую$", "total", "grand", "всего", "оплате", "payable"}
	// amountSums and amountPrices name money: a total word beside one of them is the order's
	// total ("Итоговая сумма"); alone, or beside a count or another field, it is none
	// ("Итого кол-во", "Total hours").
	amountSums   = []string{"сумм", "стоимост", "amount", "sum$", "cost", "выручк", "revenue", "бюджет", "payment", "платеж", "value$"}
	amountPrices = []string{"цена", "цены", "price", "rate$"}
	notMoney     = []string{"кол", "количеств", "qty", "quantity", "час", "часов", "hours", "hour", "items", "item", "визит",
		"visits", "статус", "status", "дата", "date", "дней", "days", "раз"}
)

// amountGuess qualifies a header that names an amount by its other words, whose first column
// of equals would take the amount: a part of an order's sum (a discount, a tax, a prepayment,
// a fee, a refund, the delivery) is none ("Сумма скидки", "Tax Amount"), unless the sum is
// with it ("Сумма с НДС", "Сумма после скидки", "Total incl. tax": a total; "Цена с НДС" stays a
// price); the sum without it ("Сумма без скидки"), a unit's price ("Цена за единицу"), a
// subtotal or what is credited after fees is weak; a total ("Итоговая сумма", "Итого, руб.",
// "Общая сумма", "Order Total Amount") is surer than any other header, "Сумма" too: beside
// it, it is the sum after a discount. A total word beside a count ("Итого кол-во", "Total
// hours") is no amount.
func amountGuess(words []string, sure int) (string, int) {
	has := func(stems []string) bool {
		return slices.ContainsFunc(stems, func(s string) bool {
			if w, whole := strings.CutSuffix(s, "$"); whole {
				return slices.Contains(words, w)
			}
			return hasStem(words, s)
		})
	}
	money, price, part := has(amountSums), has(amountPrices), has(amountParts)
	with := has(amountWith) || slices.ContainsFunc(words[:max(len(words)-1, 0)], func(w string) bool { return w == "т" }) &&
		slices.Contains(words, "ч") // "в т. ч. НДС"
	switch {
	case has(notMoney) && !money && !price:
		return "", 0
	case part && has(amountWithout), has(amountWeak):
		return FieldAmount, 1
	case part && with && price:
		return FieldAmount, sure
	case part && with:
		return FieldAmount, 4
	case part:
		return "", 0
	case has(amountTotal) && (money || totalOnly(words)):
		return FieldAmount, 4
	}
	return FieldAmount, sure
}

// totalOnly reports whether a header's words are a total's and a currency's alone: "Итого",
// "Итого, руб.", "Grand total", "Всего к оплате".
func totalOnly(words []string) bool { return onlyWords(words, totalWords) }

// totalWords make a total's header alone, with currency words (see onlyWords).
var totalWords = map[string]bool{"итого": true, "итог": true, "total": true, "grand": true, "всего": true, "к": true, "оплате": true}

// codeWord reports whether a header's words, folded, say the column holds a code or a number
// of what they name ("ID клиента", "Номер клиента", "Customer ID", "Код контрагента"), not
// its name.
func codeWord(words []string) bool {
	for _, w := range words {
		switch w {
		case "id", "ид", "код", "номер", "№", "#", "no", "number", "code", "uid", "guid", "inn", "инн":
			return true
		}
	}
	return false
}

// countsClients reports whether a header's words, folded, say the column counts something
// ("Всего клиентов", "Number of clients"), rather than names it ("Client number").
func countsClients(words []string) bool {
	for _, w := range words {
		switch w {
		case "всего", "итого", "количество", "кол", "число", "count", "total", "qty":
			return true
		case "number", "#":
			if slices.Contains(words, "of") {
				return true
			}
		}
	}
	return false
}

// matches reports whether every stem of the rule starts one of the words.
func (r headerRule) matches(words []string) bool {
	for _, s := range r.stems {
		if !hasStem(words, s) {
			return false
		}
	}
	return true
}

func hasStem(words []string, stem string) bool {
	for _, w := range words {
		if w == stem || len([]rune(stem)) >= 4 && strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}
