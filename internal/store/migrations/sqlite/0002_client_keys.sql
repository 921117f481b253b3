-- +goose Up
-- Extra keys an import matches a client by: the emails and phones of clients merged into it.
CREATE TABLE client_keys (
	client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	kind      TEXT NOT NULL, -- email or phone, normalised
	value     TEXT NOT NULL,
	PRIMARY KEY (kind, value)
);
CREATE INDEX client_keys_client ON client_keys (client_id);
