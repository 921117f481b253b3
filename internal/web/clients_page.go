package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/snapshot"
)

// pageSize is the number of clients on one page of the list.
const pageSize = 50

// clientList is the data of the client list: the query, one page of matching rows and links.
type clientList struct {
	Q, Segment, Tag, Sort string
	VIP, Sleeping         bool
	Rows                  []*snapshot.Row
	Total, Page, Pages    int
	Segments              []segmentOption
	Tags                  []string
	Flash                 string
	query                 url.Values
}

type segmentOption struct{ Code, Name string }

// Link returns the list's URL with one parameter changed (the page goes back to 1).
func (l *clientList) Link(key, value string) string {
	q := url.Values{}
	for k, v := range l.query {
		q[k] = v
	}
	q.Del("page")
	q.Del("tagged")
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	return "/clients?" + q.Encode()
}

// PageLink returns the URL of page n.
func (l *clientList) PageLink(n int) string {
	q := url.Values{}
	for k, v := range l.query {
		q[k] = v
	}
	q.Del("tagged")
	q.Set("page", strconv.Itoa(n))
	return "/clients?" + q.Encode()
}

func (s *Server) handleClientsPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "clients", nil)
	v.Title = v.T("nav.clients")
	if v.Snap != nil {
		v.Page = clientListOf(v, r.URL.Query())
	}
	s.render(w, r, http.StatusOK, "clients", v)
}

// clientListOf filters, sorts and pages the snapshot's rows by the query.
func clientListOf(v *view, q url.Values) *clientList {
	l := &clientList{Q: strings.TrimSpace(q.Get("q")), Segment: q.Get("segment"), Tag: q.Get("tag"),
		Sort: q.Get("sort"), VIP: q.Get("vip") == "1", Sleeping: q.Get("sleeping") == "1", Tags: v.Snap.Tags, query: q}
	if !slices.Contains(snapshot.Sorts, l.Sort) {
		l.Sort = snapshot.Sorts[0]
	}
	var seg analytics.SegmentCode
	if l.Segment != "" && seg.UnmarshalText([]byte(l.Segment)) != nil {
		l.Segment = ""
	}
	for code := analytics.SegmentChampions; code <= analytics.SegmentLost; code++ {
		l.Segments = append(l.Segments, segmentOption{code.String(), analytics.SegmentName(code, v.Lang)})
	}
	if n, err := strconv.Atoi(q.Get("tagged")); err == nil {
		l.Flash = v.N("clients.tagged", n)
	}
	l.Page, _ = strconv.Atoi(q.Get("page"))
	l.Page = max(l.Page, 1)
	text, alt := snapshot.FoldQuery(l.Q)
	query := snapshot.Query{Text: text, Alt: alt, Sort: l.Sort, Offset: (l.Page - 1) * pageSize, Limit: pageSize}
	if seg != 0 || l.Tag != "" || l.VIP || l.Sleeping {
		query.Keep = func(row *snapshot.Row) bool {
			return (seg == 0 || row.Segment == seg) && (l.Tag == "" || slices.Contains(row.Tags, l.Tag)) &&
				(!l.VIP || row.VIP) && (!l.Sleeping || row.Sleeping)
		}
	}
	l.Rows, l.Total = v.Snap.Find(query)
	l.Pages = max(1, (l.Total+pageSize-1)/pageSize)
	return l
}

// handleBulkTag adds (or removes) a tag on the chosen clients.
func (s *Server) handleBulkTag(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	tag := strings.TrimSpace(r.PostFormValue("tag"))
	if tag == "" {
		s.pageError(w, r, regulars.FieldError("tag", "Tag required.").Keyed("err.tag_required"))
		return
	}
	remove := r.PostFormValue("remove") == "1"
	n := 0
	for _, raw := range r.PostForm["id"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			s.pageError(w, r, regulars.FieldError("id", "Client IDs must be numbers.").Keyed("err.client_ids"))
			return
		}
		c, err := s.Clients.FindClientByID(r.Context(), id)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		tags := slices.Clone(c.Tags)
		if has := slices.Contains(tags, tag); remove && has {
			tags = slices.DeleteFunc(tags, func(t string) bool { return t == tag })
		} else if !remove && !has {
			tags = append(tags, tag)
		} else {
			continue
		}
		if _, err := s.Clients.UpdateClient(r.Context(), id, regulars.ClientUpdate{Tags: &tags}); err != nil {
			s.pageError(w, r, err)
			return
		}
		n++
	}
	back := localPath(r.PostFormValue("back"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"tagged="+strconv.Itoa(n), http.StatusSeeOther)
}
