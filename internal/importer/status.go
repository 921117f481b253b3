package importer

import (
	"strings"
	"unicode"

	"github.com/regulars/regulars"
)

// statusWords maps status words, folded by fold, to order statuses.
var statusWords = map[string]string{}

func init() {
	add := func(status string, words ...string) {
		for _, w := range words {
			statusWords[fold(w)] = status
		}
	}
	add(regulars.StatusPaid, "paid", "оплачен", "оплачено", "оплачена", "оплачены", "оплата получена",
		"оплачен полностью", "payment received", "оплатил", "оплатила",
		"успешно реализовано", "сделка успешна", "сделка выиграна", "won", "closed won",
		"успешно", "успешный", "успешная", "проведён", "проведен", "проведено", "исполнен", "succeeded", "success", "successful", "settled")
	add(regulars.StatusCancelled, "cancelled", "canceled", "cancel", "отменён", "отменен", "отменено",
		"отменена", "отмена", "отказ", "отказался", "отказалась",
		"отменён клиентом", "отменен клиентом", "отменён продавцом", "отменен продавцом", "закрыто и не реализовано",
		"сделка провалена", "провалена", "клиент не пришёл", "клиент не пришел", "не пришёл", "не пришел", "неявка",
		"no show", "no-show", "lost", "closed lost",
		"отклонён", "отклонен", "отклонено", "отклонена", "не прошёл", "не прошел", "declined", "failed", "rejected", "voided")
	add(regulars.StatusRefunded, "refunded", "refund", "returned", "возврат", "возвращён", "возвращен",
		"возвращено", "возвращена", "возврат средств", "возврат товара", "возврат денег")
	add(regulars.StatusInProgress, "in_progress", "in progress", "in-progress", "wip", "ongoing", "started",
		"в работе", "в процессе", "выполняется", "делаем", "начат", "начато", "processing",
		"доставляется", "в пути", "собирается", "в сборке")
	add(regulars.StatusDelivered, "delivered", "done", "completed", "complete", "finished", "shipped",
		"сдан", "сдано", "сдана", "выполнен", "выполнено", "выполнена", "готово", "готов", "готова",
		"завершён", "завершен", "завершено", "завершена", "доставлен", "доставлено", "отправлен",
		"доставлен покупателю", "получен", "получен покупателем", "вручён", "вручен", "клиент пришёл", "клиент пришел", "пришёл", "пришел")
	add(regulars.StatusUnpaid, "unpaid", "pending", "not paid", "awaiting payment", "overdue",
		"не оплачен", "не оплачено", "не оплачена", "неоплачен", "неоплачено", "долг", "ждёт оплаты",
		"ждет оплаты", "ожидает оплаты", "выставлен счёт", "выставлен счет", "счёт выставлен", "счет выставлен")
	add(regulars.StatusPlanned, "planned", "scheduled", "new", "запланирован", "запланировано",
		"запланирована", "план", "планируется", "новый", "новая", "новое", "предзаказ",
		"ожидание клиента", "записан", "записана", "confirmed", "подтверждён", "подтвержден", "подтверждена",
		"клиент подтвердил", "подтвердил", "подтвердила", "запись подтверждена", "ожидает визита")
}

// The operations of a payment log's operation column.
const (
	opPayment = iota + 1 // a client's payment: an order
	opRefund             // a refund to a client: a refund row
	opPayout             // the service paying the business out: no client's, ignored
)

// operationWords maps the words of a payment log's operation column, folded, to operations.
var operationWords = map[string]int{}

func init() {
	for op, words := range map[int][]string{
		opPayment: {"оплата", "платёж", "платеж", "поступление", "приход", "покупка", "продажа", "зачисление",
			"предоплата", "доплата", "аванс", "оплата наличными", "оплата переводом", "оплата по счёту", "оплата по счету",
			"оплата счёта", "оплата счета", "пополнение", "prepayment", "deposit",
			"оплата картой", "оплата по карте", "оплата сбп", "оплата по сбп", "списание с карты", "рекуррентный платёж",
			"рекуррентный платеж", "payment", "card payment", "charge", "sale", "purchase", "income", "capture", "debit"},
		opRefund: {"возврат", "возврат платежа", "возврат средств", "возврат денег", "частичный возврат", "отмена платежа",
			"возврат оплаты", "возврат предоплаты", "возврат аванса",
			"refund", "partial refund", "return", "chargeback", "reversal"},
		opPayout: {"выплата", "вывод средств", "вывод", "перевод на счёт", "перевод на счет", "payout", "withdrawal", "settlement"},
	} {
		for _, w := range words {
			operationWords[fold(w)] = op
		}
	}
}

// fold returns text as the lookup tables hold it: lower case, ё as е, punctuation as
// spaces, spaces collapsed.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r == '_' || r == '-':
			r = ' '
		case r == '+' || r == '✓' || r == '✔' || r == '☑' || r == '✗' || r == '✘' || r == '$' || r == '№' || r == '#':
			// symbols that mean something in a header or a yes/no cell
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			r = ' '
		}
		if r == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// parseStatus returns the order status a cell names, or false.
func parseStatus(s string) (string, bool) {
	st, ok := statusWords[fold(s)]
	return st, ok
}

// paidWords maps the cells of a yes/no "paid" column, folded, to whether the order is paid.
var paidWords = map[string]bool{}

func init() {
	for _, w := range []string{"да", "д", "yes", "y", "true", "1", "+", "✓", "✔", "☑", "x", "х", "v",
		"оплачено", "оплачен", "оплачена", "paid", "истина", "есть"} {
		paidWords[fold(w)] = true
	}
	for _, w := range []string{"нет", "н", "no", "n", "false", "0", "-", "✗", "✘", "не оплачено",
		"не оплачен", "не оплачена", "unpaid", "ложь", "not paid", "долг"} {
		if f := fold(w); f != "" { // a lone dash folds to nothing; parsePaid handles it
			paidWords[f] = false
		}
	}
}

// parsePaid returns whether a "paid" cell says yes; known is false for anything else. A date
// (of the payment) says yes.
func parsePaid(s string) (paid, known bool) {
	s = strings.TrimSpace(s)
	if s == "-" || s == "—" || s == "–" {
		return false, true // fold would erase a lone dash
	}
	if paid, known = paidWords[fold(s)]; known {
		return paid, true
	}
	d, ok := scanDate(s)
	known = ok && d.serial == 0 && d.formats(MDY) != 0 // a real day, in any order; not a bare number
	return known, known
}

// combineStatus applies a "paid" cell to the status of the row: it decides the status when
// the sheet has no status, and refines "delivered" (or a blank status) otherwise.
func combineStatus(status string, paid, known bool) string {
	if !known || status != "" && status != regulars.StatusDelivered {
		return status
	}
	if paid {
		return regulars.StatusPaid
	}
	return regulars.StatusUnpaid
}
