-- +goose Up
-- What the user did with agenda items, by occasion: done and dismissed ones never come back.
CREATE TABLE agenda_states (
	key        TEXT PRIMARY KEY,
	client_id  BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	state      TEXT NOT NULL,
	until_on   DATE,
	reason     TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX agenda_states_client ON agenda_states (client_id);
