-- +goose Up
-- What sheets gave a client's messenger, industry, source and notes, and its tags (field
-- 'tag'), as the import fills what a client has none of (see the store's fillClients): a
-- value recorded here is not filled again, so that one the user cleared in Regulars does not
-- come back with the next import of the sheet that has it still.
CREATE TABLE client_sheet_values (
	client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	field     TEXT NOT NULL,
	value     TEXT NOT NULL,
	PRIMARY KEY (client_id, field, value)
);
