-- +goose Up
-- The client and order base. Dates without a time are TEXT 'YYYY-MM-DD'; timestamps are
-- TEXT in RFC 3339, UTC; money is integer minor units plus an ISO 4217 currency code.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE clients (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	name              TEXT NOT NULL,
	company           TEXT NOT NULL DEFAULT '',
	email             TEXT NOT NULL DEFAULT '',
	phone             TEXT NOT NULL DEFAULT '',
	messenger         TEXT NOT NULL DEFAULT '',
	industry          TEXT NOT NULL DEFAULT '',
	time_zone         TEXT NOT NULL DEFAULT '',
	source            TEXT NOT NULL DEFAULT '',
	referred_by       INTEGER REFERENCES clients (id) ON DELETE SET NULL,
	notes             TEXT NOT NULL DEFAULT '',
	pain_points       TEXT NOT NULL DEFAULT '',
	goals             TEXT NOT NULL DEFAULT '',
	preferred_channel TEXT NOT NULL DEFAULT '',
	detail_level      TEXT NOT NULL DEFAULT '',
	preferred_time    TEXT NOT NULL DEFAULT '',
	marketing_consent INTEGER NOT NULL DEFAULT 0,
	consent_on        TEXT,
	email_norm        TEXT NOT NULL DEFAULT '',
	phone_norm        TEXT NOT NULL DEFAULT '',
	name_key          TEXT NOT NULL DEFAULT '',
	search            TEXT NOT NULL DEFAULT '',
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
CREATE INDEX clients_email_norm ON clients (email_norm) WHERE email_norm <> '';
CREATE INDEX clients_phone_norm ON clients (phone_norm) WHERE phone_norm <> '';

CREATE TABLE client_tags (
	client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	tag       TEXT NOT NULL,
	PRIMARY KEY (client_id, tag)
);
CREATE INDEX client_tags_tag ON client_tags (tag);

CREATE TABLE services (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT NOT NULL,
	name_norm   TEXT NOT NULL UNIQUE,
	category    TEXT NOT NULL DEFAULT '',
	price_minor INTEGER NOT NULL DEFAULT 0,
	currency    TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	industries  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE TABLE service_links (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	from_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	to_id    INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	kind     TEXT NOT NULL,
	gap_days INTEGER NOT NULL DEFAULT 0,
	note     TEXT NOT NULL DEFAULT '',
	UNIQUE (from_id, to_id, kind)
);

CREATE TABLE orders (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	service_id   INTEGER REFERENCES services (id) ON DELETE SET NULL,
	service      TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	amount_minor INTEGER NOT NULL,
	currency     TEXT NOT NULL,
	ordered_on   TEXT NOT NULL,
	due_on       TEXT,
	delivered_on TEXT,
	status       TEXT NOT NULL,
	import_key   INTEGER,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX orders_client ON orders (client_id, ordered_on);

CREATE TABLE interactions (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	happened_on TEXT NOT NULL,
	channel    TEXT NOT NULL,
	direction  TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX interactions_client ON interactions (client_id, happened_on);

CREATE TABLE important_dates (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	falls_on   TEXT NOT NULL,
	yearly     INTEGER NOT NULL DEFAULT 0,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX important_dates_client ON important_dates (client_id);

CREATE TABLE plans (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	title      TEXT NOT NULL,
	planned_on TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX plans_client ON plans (client_id);

CREATE TABLE events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	happened_on TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX events_client ON events (client_id);
