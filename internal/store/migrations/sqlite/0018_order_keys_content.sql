-- +goose Up
-- What the former keys of edited orders and the keys of deleted orders hash besides their
-- client: the order's day, amount, currency, service and title (and, for a deleted order, its
-- client), so that `regulars merge`, which keys the kept client's orders again, keys these too:
-- a key hashes its client. Rows without them (a refund row's key, or one written before) are
-- left as they are.
ALTER TABLE order_keys ADD COLUMN ordered_on TEXT;
ALTER TABLE order_keys ADD COLUMN amount_minor INTEGER;
ALTER TABLE order_keys ADD COLUMN currency TEXT;
ALTER TABLE order_keys ADD COLUMN service TEXT;
ALTER TABLE order_keys ADD COLUMN title TEXT;
ALTER TABLE deleted_orders ADD COLUMN client_id INTEGER;
ALTER TABLE deleted_orders ADD COLUMN ordered_on TEXT;
ALTER TABLE deleted_orders ADD COLUMN amount_minor INTEGER;
ALTER TABLE deleted_orders ADD COLUMN currency TEXT;
ALTER TABLE deleted_orders ADD COLUMN service TEXT;
ALTER TABLE deleted_orders ADD COLUMN title TEXT;
CREATE INDEX deleted_orders_client ON deleted_orders (client_id) WHERE client_id IS NOT NULL;
