-- +goose Up
-- The refund rows of imported sheets that marked an order refunded: a refund row (a negative
-- amount with a refund status) is no order of its own, and a re-import must know it applied
-- it already, and to which order, rather than match it again.
CREATE TABLE order_refunds (
	refund_key BIGINT PRIMARY KEY, -- the refund row's import key, as an order's would be
	order_id   BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE
);
CREATE INDEX order_refunds_order ON order_refunds (order_id);
