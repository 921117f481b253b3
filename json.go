package regulars

import (
	"bytes"
	"encoding/json"
)

// The JSON forms of the domain types, shared by the CLI and the API: money is a decimal number
// in major units beside its currency ("amount": 50000.00, "currency": "RUB"), dates are
// "YYYY-MM-DD" or null, fields are snake_case.

// moneyJSON is the money part of a JSON object.
type moneyJSON struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

// decodeMoney converts a decoded amount and currency into Money; an absent currency is the
// default one.
func decodeMoney(amount json.Number, currency, field string) (Money, error) {
	if currency == "" {
		currency = DefaultCurrency
	}
	if !ValidCurrency(currency) {
		return Money{}, FieldError("currency", "Currency must be an ISO 4217 code such as RUB, USD or EUR.").Keyed("valid.currency")
	}
	if amount == "" {
		return Money{Currency: currency}, nil
	}
	m, err := ParseMajor(amount.String(), currency)
	if err != nil {
		return Money{}, FieldErrorOf(field, err)
	}
	return m, nil
}

// strictUnmarshal decodes b into v refusing fields v does not have, as the API's decoder does
// for every body: a custom UnmarshalJSON gets its object as bytes, out of that decoder's reach,
// and a misspelt "stauts" must not save an order as paid.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// MarshalJSON encodes the order with "amount", "refunded" and "currency".
func (o Order) MarshalJSON() ([]byte, error) {
	type plain Order
	return json.Marshal(struct {
		plain
		moneyJSON
		Refunded json.Number `json:"refunded"`
	}{plain(o), moneyJSON{o.Amount.JSONNumber(), o.Amount.Currency}, o.RefundedMoney().JSONNumber()})
}

// UnmarshalJSON decodes an order with "amount" and "currency".
func (o *Order) UnmarshalJSON(b []byte) error {
	type plain Order
	var v struct {
		*plain
		moneyJSON
		Refunded json.Number `json:"refunded"`
	}
	v.plain = (*plain)(o)
	if err := strictUnmarshal(b, &v); err != nil {
		return err
	}
	m, err := decodeMoney(v.moneyJSON.Amount, v.moneyJSON.Currency, "amount")
	if err != nil {
		return err
	}
	o.Amount = m
	if v.Refunded != "" {
		r, err := decodeMoney(v.Refunded, m.Currency, "refunded")
		if err != nil {
			return err
		}
		o.Refunded = r.Minor
	}
	return nil
}

// MarshalJSON encodes the service with "price" and "currency".
func (s Service) MarshalJSON() ([]byte, error) {
	type plain Service
	return json.Marshal(struct {
		plain
		Price    json.Number `json:"price"`
		Currency string      `json:"currency"`
	}{plain(s), s.Price.JSONNumber(), s.Price.Currency})
}

// UnmarshalJSON decodes a service with "price" and "currency".
func (s *Service) UnmarshalJSON(b []byte) error {
	type plain Service
	var v struct {
		*plain
		Price    json.Number `json:"price"`
		Currency string      `json:"currency"`
	}
	v.plain = (*plain)(s)
	if err := strictUnmarshal(b, &v); err != nil {
		return err
	}
	m, err := decodeMoney(v.Price, v.Currency, "price")
	s.Price = m
	return err
}

// MarshalJSON encodes the client with its statistics: "orders", "revenue", "currency",
// "first_order", "last_order".
func (s ClientSummary) MarshalJSON() ([]byte, error) {
	cur := s.Stats.Revenue.Currency
	if cur == "" {
		cur = DefaultCurrency
	}
	return json.Marshal(struct {
		*Client
		Orders     int         `json:"orders"`
		Revenue    json.Number `json:"revenue"`
		Currency   string      `json:"currency"`
		FirstOrder Date        `json:"first_order"`
		LastOrder  Date        `json:"last_order"`
	}{s.Client, s.Stats.Orders, Money{s.Stats.Revenue.Minor, cur}.JSONNumber(), cur, s.Stats.FirstOrder, s.Stats.LastOrder})
}
