-- +goose Up
-- Which deleted order a key kept of one is of: the order's ID (IDs are never reused), for its
-- own key, the keys it had before an edit, and those a sheet's correction of its row added
-- (see regulars.Loader.DeletedOrders): an order deleted takes at most one of a sheet's rows,
-- whatever number of keys it is known by. The keys kept before this migration did not keep
-- the order's ID: those of one client, day, service and title are taken as one order's, as the
-- import took them until now, told by the least of their keys negated; a key without its
-- content (a refund row's, or one kept before migration 0018) by itself negated.
ALTER TABLE deleted_orders ADD COLUMN order_id INTEGER;
UPDATE deleted_orders SET order_id = -(SELECT MIN(d.import_key) FROM deleted_orders d
	WHERE d.amount_minor IS NOT NULL AND d.client_id = deleted_orders.client_id AND d.ordered_on = deleted_orders.ordered_on
		AND d.service IS deleted_orders.service AND d.title IS deleted_orders.title)
	WHERE amount_minor IS NOT NULL;
UPDATE deleted_orders SET order_id = -import_key WHERE order_id IS NULL;
CREATE INDEX deleted_orders_order ON deleted_orders (order_id);
