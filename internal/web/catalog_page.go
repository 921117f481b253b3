package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// catalogPage is the data of the catalog page: each service with the links that start at it.
type catalogPage struct {
	Services []serviceLinks
	All      []*regulars.Service
}

type serviceLinks struct {
	S     *regulars.Service
	Links []linkTo
}

type linkTo struct {
	L  *regulars.ServiceLink
	To *regulars.Service
}

func (s *Server) handleCatalogPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "catalog", nil)
	v.Title = v.T("nav.catalog")
	services, _, err := s.Catalog.FindServices(r.Context(), regulars.ServiceFilter{})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	links, err := s.Catalog.FindServiceLinks(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	byID := map[int64]*regulars.Service{}
	for _, sv := range services {
		byID[sv.ID] = sv
	}
	p := &catalogPage{All: services}
	for _, sv := range services {
		sl := serviceLinks{S: sv}
		for _, l := range links {
			if l.FromID == sv.ID && byID[l.ToID] != nil {
				sl.Links = append(sl.Links, linkTo{l, byID[l.ToID]})
			}
		}
		p.Services = append(p.Services, sl)
	}
	v.Page = p
	s.render(w, r, http.StatusOK, "catalog", v)
}

// handleServiceAdd adds a service to the catalog.
func (s *Server) handleServiceAdd(w http.ResponseWriter, r *http.Request) {
	price, err := regulars.ParseMajor(strings.TrimSpace(r.PostFormValue("price")), strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency"))))
	if err != nil {
		s.pageError(w, r, regulars.FieldError("price", "Price must be a number such as 15000 or 15000.50.").Keyed("err.price"))
		return
	}
	sv := &regulars.Service{Name: strings.TrimSpace(r.PostFormValue("name")), Category: strings.TrimSpace(r.PostFormValue("category")),
		Price: price, Description: strings.TrimSpace(r.PostFormValue("description"))}
	if err := s.Catalog.CreateService(r.Context(), sv); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalog", http.StatusSeeOther)
}

// handleLinkAdd links two services: next step, cross-sell or upsell.
func (s *Server) handleLinkAdd(w http.ResponseWriter, r *http.Request) {
	from, err1 := strconv.ParseInt(r.PostFormValue("from_id"), 10, 64)
	to, err2 := strconv.ParseInt(r.PostFormValue("to_id"), 10, 64)
	gap, _ := strconv.Atoi(r.PostFormValue("gap_days"))
	if err1 != nil || err2 != nil {
		s.pageError(w, r, regulars.FieldError("from_id", "Choose both services.").Keyed("err.both_services"))
		return
	}
	l := &regulars.ServiceLink{FromID: from, ToID: to, Kind: r.PostFormValue("kind"), GapDays: gap,
		Note: strings.TrimSpace(r.PostFormValue("note"))}
	if err := s.Catalog.CreateServiceLink(r.Context(), l); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalog", http.StatusSeeOther)
}
