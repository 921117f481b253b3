-- +goose Up
-- The rows that refer to a service or to a referring client, found through an index rather
-- than by reading every order or client: deleting a service sets its orders' service to NULL,
-- and deleting (or merging away) a client its referrals' referred_by, each of which read the
-- whole table before. Only the rows that refer are indexed: most orders of an imported sheet
-- name no catalogued service, and most clients no referrer. PostgreSQL's check of the foreign
-- key that a big load puts back reads this index, not the table (0.1 s of a million orders);
-- a load whose rows seldom refer keeps the index up instead of building it again (sparse).
CREATE INDEX orders_service ON orders (service_id) WHERE service_id IS NOT NULL;
CREATE INDEX clients_referred_by ON clients (referred_by) WHERE referred_by IS NOT NULL;
