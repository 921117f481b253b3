package store

import (
	"context"
	"fmt"

	"github.com/regulars/regulars"
)

var _ regulars.AgendaStateService = (*AgendaStateService)(nil)

// AgendaStateService implements regulars.AgendaStateService.
type AgendaStateService struct{ db *DB }

// NewAgendaStateService returns the agenda states on db.
func NewAgendaStateService(db *DB) *AgendaStateService { return &AgendaStateService{db: db} }

// SetAgendaState records the state of an agenda item, and logs the contact when one is given.
func (s *AgendaStateService) SetAgendaState(ctx context.Context, st *regulars.AgendaState, contact *regulars.Interaction) error {
	if err := st.Validate(); err != nil {
		return err
	}
	if contact != nil {
		contact.ClientID = st.ClientID
		if err := contact.Validate(); err != nil {
			return err
		}
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := findClientByID(ctx, tx, st.ClientID); err != nil {
		return err
	}
	if contact != nil {
		if err := createInteraction(ctx, tx, contact); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO agenda_states (key, client_id, state, until_on, reason, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (key) DO UPDATE SET client_id = excluded.client_id, state = excluded.state,
			until_on = excluded.until_on, reason = excluded.reason, updated_at = excluded.updated_at`,
		st.Key, st.ClientID, st.State, st.Until, st.Reason, stamp(tx.now)); err != nil {
		return fmt.Errorf("set agenda state: %w", FormatError(err))
	}
	st.UpdatedAt = tx.now
	return tx.Commit()
}

// FindAgendaStates returns every recorded state, by key.
func (s *AgendaStateService) FindAgendaStates(ctx context.Context) ([]*regulars.AgendaState, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT key, client_id, state, until_on, reason, updated_at FROM agenda_states ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("find agenda states: %w", err)
	}
	defer rows.Close()
	var out []*regulars.AgendaState
	for rows.Next() {
		var st regulars.AgendaState
		if err := rows.Scan(&st.Key, &st.ClientID, &st.State, &st.Until, &st.Reason, timestamp{&st.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("find agenda states: %w", err)
		}
		out = append(out, &st)
	}
	return out, rows.Err()
}
