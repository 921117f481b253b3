package web

import (
	"encoding/json"
	"net/http"

	"github.com/regulars/regulars"
)

// handleOrderIndex lists orders. Query: client_id, status, from, to, limit, offset.
func (s *Server) handleOrderIndex(w http.ResponseWriter, r *http.Request) {
	f, err := orderFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, total, err := s.Orders.FindOrders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, total))
}

func orderFilter(r *http.Request) (regulars.OrderFilter, error) {
	rf, err := recordFilter(r)
	if err != nil {
		return regulars.OrderFilter{}, err
	}
	status, err := queryOneOf(r, "status", regulars.OrderStatuses)
	return regulars.OrderFilter{ClientID: rf.ClientID, From: rf.From, To: rf.To, Limit: rf.Limit, Offset: rf.Offset,
		Status: status}, err
}

func (s *Server) handleOrderCreate(w http.ResponseWriter, r *http.Request) {
	var o regulars.Order
	if err := decode(r, &o); err != nil {
		s.error(w, r, err)
		return
	}
	o.ID, o.ImportKey, o.Refunded = 0, 0, 0 // a refunded part comes of refund rows only
	if err := s.Orders.CreateOrder(r.Context(), &o); err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusCreated, &o)
}

func (s *Server) handleOrderView(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	o, err := s.Orders.FindOrderByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, o)
}

// orderPatch is the JSON body of PATCH /api/v1/orders/{id}: the fields to change.
type orderPatch struct {
	ServiceID   *int64         `json:"service_id"`
	Service     *string        `json:"service"`
	Title       *string        `json:"title"`
	Amount      *json.Number   `json:"amount"`
	Currency    *string        `json:"currency"`
	OrderedOn   *regulars.Date `json:"ordered_on"`
	DueOn       *regulars.Date `json:"due_on"`
	DeliveredOn *regulars.Date `json:"delivered_on"`
	Status      *string        `json:"status"`
}

func (p orderPatch) update() regulars.OrderUpdate {
	upd := regulars.OrderUpdate{ServiceID: p.ServiceID, Service: p.Service, Title: p.Title, OrderedOn: p.OrderedOn,
		DueOn: p.DueOn, DeliveredOn: p.DeliveredOn, Status: p.Status, Currency: p.Currency}
	if p.Amount != nil {
		a := p.Amount.String()
		upd.AmountMajor = &a
	}
	return upd
}

func (s *Server) handleOrderUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p orderPatch
	if err := decodePatch(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	o, err := s.Orders.UpdateOrder(r.Context(), id, p.update())
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, o)
}

func (s *Server) handleOrderDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Orders.DeleteOrder)
}
