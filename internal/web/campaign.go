package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
)

// The sequences, the outbox and the campaigns' results, in the JSON API and on the campaigns
// page. Sequences are created with their built-in ones by the server at start.

func (s *Server) handleSequenceIndex(w http.ResponseWriter, r *http.Request) {
	seqs, err := s.Sequences.FindSequences(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(seqs, len(seqs)))
}

func (s *Server) handleSequenceView(w http.ResponseWriter, r *http.Request) {
	seq, err := s.Sequences.FindSequenceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, seq)
}

// handleSequencePut creates or replaces the sequence with the path's key.
func (s *Server) handleSequencePut(w http.ResponseWriter, r *http.Request) {
	var seq regulars.Sequence
	if err := decode(r, &seq); err != nil {
		s.error(w, r, err)
		return
	}
	seq.Key = r.PathValue("key")
	for _, st := range seq.Steps {
		for _, t := range st.Templates {
			if err := campaign.CheckTemplate(t, seq.Marketing); err != nil {
				s.error(w, r, err)
				return
			}
		}
	}
	status, err := http.StatusCreated, s.Sequences.CreateSequence(r.Context(), &seq)
	if regulars.ErrorCode(err) == regulars.ECONFLICT {
		status, err = http.StatusOK, s.Sequences.UpdateSequence(r.Context(), &seq)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, status, &seq)
}

// sequenceBody decodes the request's body into v and finds the path's sequence; on an error
// it answers and returns false.
func (s *Server) sequenceBody(w http.ResponseWriter, r *http.Request, v any) (*regulars.Sequence, bool) {
	if err := decode(r, v); err != nil {
		s.error(w, r, err)
		return nil, false
	}
	seq, err := s.Sequences.FindSequenceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return seq, true
}

// handleSequenceEnrol enrols clients: {"client_ids": [1, 2], "on": "2026-11-22"} (on: today).
func (s *Server) handleSequenceEnrol(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientIDs []int64       `json:"client_ids"`
		On        regulars.Date `json:"on"`
	}
	seq, ok := s.sequenceBody(w, r, &body)
	if !ok {
		return
	}
	if body.On.IsZero() {
		body.On = s.Today()
	}
	n, err := s.Sequences.Enrol(r.Context(), seq.ID, body.ClientIDs, body.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, map[string]int{"enrolled": n, "already_running": len(body.ClientIDs) - n})
}

// handleSequenceStop stops a client's run: {"client_id": 1}.
func (s *Server) handleSequenceStop(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientID int64 `json:"client_id"`
	}
	seq, ok := s.sequenceBody(w, r, &body)
	if !ok {
		return
	}
	if body.ClientID <= 0 {
		s.error(w, r, regulars.FieldError("client_id", "client_id: required, the ID of the client to stop."))
		return
	}
	if err := s.Sequences.StopEnrolment(r.Context(), seq.ID, body.ClientID, regulars.StopOwner); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleOutboxIndex lists letters: ?state=in_doubt&client_id=&limit=.
func (s *Server) handleOutboxIndex(w http.ResponseWriter, r *http.Request) {
	var f regulars.LetterFilter
	var err error
	if f.State, err = queryOneOf(r, "state", regulars.LetterStates); err == nil {
		if f.ClientID, err = queryID(r, "client_id"); err == nil {
			f.Limit, err = queryInt(r, "limit")
		}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	ls, err := s.Outbox.FindLetters(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(ls, len(ls)))
}

// handleOutboxResend queues an in-doubt or failed letter again.
func (s *Server) handleOutboxResend(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Outbox.Resend(r.Context(), id, s.Now()); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// results measures the sequences.
func (s *Server) results(r *http.Request, seqs []*regulars.Sequence, window int) ([]*campaign.Results, error) {
	costs, err := campaign.Costs(r.Context(), s.Settings)
	if err != nil {
		return nil, err
	}
	return campaign.Measure(r.Context(), seqs, s.Sequences, s.Outbox, s.Orders, costs, window, s.Location)
}

// handleCampaignResults answers the sequences' results: ?window=30.
func (s *Server) handleCampaignResults(w http.ResponseWriter, r *http.Request) {
	window := 30
	if v := r.URL.Query().Get("window"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			s.error(w, r, regulars.FieldError("window", "window must be a positive number of days."))
			return
		}
		window = n
	}
	seqs, err := s.Sequences.FindSequences(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	res, err := s.results(r, seqs, window)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(res, len(res)))
}

// Mailer plans and sends mailings for the API; the command wires it.
type Mailer interface {
	Mail(ctx context.Context, req campaign.MailingRequest) (*campaign.MailingResult, error)
	// Preview renders a step of a sequence for a client, as it would go out now.
	Preview(ctx context.Context, seq *regulars.Sequence, step int, clientID int64) (*regulars.Letter, error)
}

// handleMailing runs a mailing: the request of `regulars campaign send`, as JSON.
func (s *Server) handleMailing(w http.ResponseWriter, r *http.Request) {
	var req campaign.MailingRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if s.Mailings == nil {
		s.error(w, r, regulars.Errorf(regulars.ENOTFOUND, "Mailings are not available here."))
		return
	}
	res, err := s.Mailings.Mail(r.Context(), req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, res)
}
