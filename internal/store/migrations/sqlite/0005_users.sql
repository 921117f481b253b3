-- +goose Up
-- The owner accounts of the web app and their signed-in browsers. A session is kept by the
-- SHA-256 of its cookie token, never the token itself.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	login         TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL
);
CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
