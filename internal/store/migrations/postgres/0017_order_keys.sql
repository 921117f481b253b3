-- +goose Up
-- The import keys an order had before its day, amount, service or title was changed in
-- Regulars: the row of the sheet it came from still finds it by them, and its export's row
-- finds it by what it says now (the order is stored without a key until an import finds it so:
-- see regulars.ImportIndex.Keyless). Without a foreign key, so that a load into an empty base
-- has no constraint more to restore: the import index joins the orders, and deleting an order
-- deletes its keys.
CREATE TABLE order_keys (
	import_key BIGINT PRIMARY KEY,
	order_id   BIGINT NOT NULL
);
CREATE INDEX order_keys_order ON order_keys (order_id);
