-- +goose Up
-- The occasions automations fired for, by key ("wake_up:sleeping:42:2026-03-01"): each fires
-- once. automation is the key's first part; baseline rows are the occasions that existed when
-- the automation was switched on, noted and left alone.
CREATE TABLE automation_fires (
	key        TEXT PRIMARY KEY,
	automation TEXT NOT NULL,
	client_id  BIGINT NOT NULL,
	action     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX automation_fires_automation ON automation_fires (automation, action);
