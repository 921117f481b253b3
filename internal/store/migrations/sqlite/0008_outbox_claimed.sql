-- +goose Up
-- When a sender claimed a letter (Unix seconds): recovery marks in doubt only the claims older
-- than a send can take, so a second sender starting does not take a live one for dead.
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
