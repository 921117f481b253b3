-- +goose Up
-- The hours the letter's client takes letters ("Europe/Moscow 17 20"; empty: any time), so
-- that a retry waits for them too, not only the first try.
ALTER TABLE outbox ADD COLUMN send_window TEXT NOT NULL DEFAULT '';
