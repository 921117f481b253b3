-- +goose Up
-- The part of an order that refund rows refunded when they refunded less than all of it (a
-- partial refund, linked in order_refunds): its revenue is amount_minor less this. NULL for
-- none — most orders, and an order refunded whole, which its status says — so that the
-- column costs the orders nothing, nor a bulk load a default for each row.
ALTER TABLE orders ADD COLUMN refunded_minor INTEGER;
