-- +goose Up
-- The durable outbox: a letter is written under its idempotency key (the intent, e.g.
-- sequence:3:step:2:client:42) before any SMTP talk, claimed (sending), then marked sent,
-- failed, retried or, after a crash between the server's answer and our commit, in doubt.
-- not_before and sent_at are Unix seconds: compared in SQL on both engines.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	key         TEXT NOT NULL UNIQUE,
	message_id  TEXT NOT NULL,
	client_id   INTEGER REFERENCES clients (id) ON DELETE SET NULL,
	to_name     TEXT NOT NULL,
	to_address  TEXT NOT NULL,
	subject     TEXT NOT NULL,
	text_body   TEXT NOT NULL,
	html_body   TEXT NOT NULL,
	marketing   INTEGER NOT NULL,
	unsubscribe TEXT NOT NULL,
	sequence_id INTEGER,
	step        INTEGER NOT NULL DEFAULT 0,
	state       TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	not_before  INTEGER NOT NULL,
	last_error  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	sent_at     INTEGER
);
CREATE INDEX outbox_due ON outbox (state, not_before);
CREATE INDEX outbox_client ON outbox (client_id);

-- Addresses that get no more marketing letters: they bounced or unsubscribed.
CREATE TABLE suppressions (
	address    TEXT PRIMARY KEY,
	reason     TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Sequences and the clients' runs through them.
CREATE TABLE sequences (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	key           TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	marketing     INTEGER NOT NULL,
	stop_on_order INTEGER NOT NULL,
	stop_on_reply INTEGER NOT NULL,
	steps         TEXT NOT NULL,
	active        INTEGER NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE TABLE enrolments (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	sequence_id INTEGER NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
	client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	enrolled_on TEXT NOT NULL,
	next        INTEGER NOT NULL,
	state       TEXT NOT NULL,
	stop_reason TEXT NOT NULL DEFAULT '',
	updated_at  TEXT NOT NULL
);
-- One active run per client and sequence.
CREATE UNIQUE INDEX enrolments_active ON enrolments (sequence_id, client_id) WHERE state = 'active';
CREATE INDEX enrolments_state ON enrolments (state, sequence_id);
