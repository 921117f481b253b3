-- +goose Up
-- The part of an order that refund rows refunded when they refunded less than all of it (a
-- partial refund): its revenue is amount_minor less this. NULL for none — most orders, and an
-- order refunded whole, which its status says — so that the column costs the orders nothing,
-- nor a bulk load a default for each row. It is the sum of the order's partial links in
-- order_refunds, at most the order's amount.
ALTER TABLE orders ADD COLUMN refunded_minor INTEGER;
-- A link of a refund row that refunded part of its order, not all of it.
ALTER TABLE order_refunds ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
