-- +goose Up
-- What the sheet said of an imported order whose status or dates were then changed in
-- Regulars: its status and due and delivered days as last imported. A re-import keeps the
-- changes made in Regulars where the sheet still says this, and takes the sheet's where it
-- changed (see regulars.OrderState.Merge). NULL (sheet_status) while the order's state is
-- its sheet's own, as it is for every order until it is edited.
ALTER TABLE orders ADD COLUMN sheet_status TEXT;
ALTER TABLE orders ADD COLUMN sheet_due_on DATE;
ALTER TABLE orders ADD COLUMN sheet_delivered_on DATE;
CREATE INDEX orders_sheet_state ON orders (id) WHERE sheet_status IS NOT NULL;
