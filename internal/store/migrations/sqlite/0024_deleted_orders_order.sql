-- +goose Up
-- Which deleted order a key kept of one is of: the order's ID (IDs are never reused), for its
-- own key, the keys it had before an edit, and those a sheet's correction of its row added
-- (see regulars.Loader.DeletedOrders): an order deleted takes at most one of a sheet's rows,
-- whatever number of keys it is known by. A key kept before this migration is of an order of
-- its own, told by its key negated: the order's ID was not kept.
ALTER TABLE deleted_orders ADD COLUMN order_id INTEGER;
UPDATE deleted_orders SET order_id = -import_key WHERE client_id IS NOT NULL;
