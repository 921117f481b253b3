-- +goose Up
-- The keys of the clients deleted in Regulars, as the import matches clients by them (see
-- the importer's matcher): the email, the phone, the name key, and the keys in client_keys.
-- A sheet's rows that name a deleted client (and no living one) are left out, so that a
-- re-import does not make the client again; a client added again with that email or phone
-- takes them. No foreign key: the client is gone.
CREATE TABLE deleted_clients (
	client_id  INTEGER NOT NULL,
	kind       TEXT NOT NULL, -- email, phone or name
	value      TEXT NOT NULL,
	name       TEXT NOT NULL, -- the client's, for the import's report
	deleted_at TEXT NOT NULL
);
