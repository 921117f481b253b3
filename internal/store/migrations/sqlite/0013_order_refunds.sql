-- +goose Up
-- The refund rows of imported sheets that marked an order refunded: a refund row (a negative
-- amount with a refund status) is no order of its own, and a re-import must know it applied
-- it already, and to which order, rather than match it again. A refund row that matched no
-- order is kept as an order of its own, linked to itself. The row's day, amount, service and
-- title are what its key hashes with its client: merging two clients keys it again.
CREATE TABLE order_refunds (
	refund_key   INTEGER PRIMARY KEY, -- the refund row's import key, as an order's would be
	order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	refunded_on  TEXT NOT NULL,
	amount_minor INTEGER NOT NULL,
	currency     TEXT NOT NULL,
	service      TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_refunds_order ON order_refunds (order_id);
