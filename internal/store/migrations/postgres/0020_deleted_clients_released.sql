-- +goose Up
-- A deleted client's kept key now beats a living client's that is younger than the deleted
-- one (see the importer's matcher.deleted), and a client the user adds again releases the
-- keys (see the store's releaseDeleted). Before, any living client with the key took the
-- rows: the keys younger living clients have are released here, so that a client added
-- again before this keeps taking its rows.
DELETE FROM deleted_clients WHERE EXISTS (SELECT 1 FROM clients c WHERE c.id > deleted_clients.client_id
	AND ((deleted_clients.kind = 'email' AND c.email_norm = deleted_clients.value)
	OR (deleted_clients.kind = 'phone' AND c.phone_norm = deleted_clients.value)
	OR (deleted_clients.kind = 'name' AND c.name_key = deleted_clients.value)));
