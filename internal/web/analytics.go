package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

// Analyst runs the analyses; analytics.Analyst is the one the command wires in.
type Analyst interface {
	Metrics(ctx context.Context, asOf regulars.Date) (analytics.Metrics, error)
	Segments(ctx context.Context, asOf regulars.Date) ([]analytics.ClientSegment, error)
	Model(ctx context.Context, q analytics.ModelQuery) (*analytics.ModelReport, error)
	Predict(ctx context.Context, q analytics.PredictQuery) ([]analytics.NamedPrediction, error)
}

// day reads a YYYY-MM-DD query parameter, today by default.
func (s *Server) day(r *http.Request, name string) (regulars.Date, error) {
	d, err := queryDate(r, name)
	if err != nil || d != nil {
		return derefDate(d), err
	}
	return s.Today(), nil
}

func derefDate(d *regulars.Date) regulars.Date {
	if d == nil {
		return regulars.Date{}
	}
	return *d
}

// handleMetrics answers the business metrics. Query: as_of.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	asOf, err := s.day(r, "as_of")
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.Analyst.Metrics(r.Context(), asOf)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, m)
}

// handleSegments answers every client's RFM scores and segments. Query: as_of.
func (s *Server) handleSegments(w http.ResponseWriter, r *http.Request) {
	asOf, err := s.day(r, "as_of")
	if err != nil {
		s.error(w, r, err)
		return
	}
	segs, err := s.Analyst.Segments(r.Context(), asOf)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(segs, len(segs)))
}

// modelQuery reads calibration_end, unit (week) and model (bgnbd).
func (s *Server) modelQuery(r *http.Request) (analytics.ModelQuery, error) {
	end, err := s.day(r, "calibration_end")
	if err != nil {
		return analytics.ModelQuery{}, err
	}
	unit, err := analytics.ParseUnit(orDefault(r.URL.Query().Get("unit"), "week"))
	return analytics.ModelQuery{CalibrationEnd: end, Unit: unit, Model: orDefault(r.URL.Query().Get("model"), "bgnbd")}, err
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// handleModel answers the fitted models. Query: calibration_end, unit, model.
func (s *Server) handleModel(w http.ResponseWriter, r *http.Request) {
	q, err := s.modelQuery(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.Analyst.Model(r.Context(), q)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, m)
}

// handlePredict answers every client's predictions. Query: calibration_end, unit, model,
// horizon, clv_months, discount, lang.
func (s *Server) handlePredict(w http.ResponseWriter, r *http.Request) {
	mq, err := s.modelQuery(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang, err := queryOneOf(r, "lang", []string{"en", "ru"})
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := analytics.PredictQuery{ModelQuery: mq, Locale: "en", Discount: 0.01}
	if lang != nil {
		q.Locale = *lang
	}
	for _, p := range []struct {
		name string
		dst  *float64
	}{{"horizon", &q.Horizon}, {"discount", &q.Discount}} {
		if v := r.URL.Query().Get(p.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 {
				s.error(w, r, regulars.FieldError(p.name, "Must be a non-negative number."))
				return
			}
			*p.dst = f
		}
	}
	if q.CLVMonths, err = queryInt(r, "clv_months"); err != nil {
		s.error(w, r, err)
		return
	}
	preds, err := s.Analyst.Predict(r.Context(), q)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(preds, len(preds)))
}
