-- +goose Up
-- The import keys of the orders deleted in Regulars, as their rows in a sheet or an export
-- key them (see regulars.OrderKey): a re-import of that sheet leaves them deleted instead of
-- adding them again (orders_deleted counts such rows). A key includes its client's ID, which
-- is never reused: a client deleted and made again by a sheet is a new one, with new keys.
CREATE TABLE deleted_orders (
	import_key INTEGER PRIMARY KEY,
	deleted_at TEXT NOT NULL
);
