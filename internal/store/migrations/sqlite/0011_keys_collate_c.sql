-- +goose Up
-- PostgreSQL gives the matching keys byte order ("C") here; SQLite's text already compares
-- bytewise. The migration keeps the numbers of both engines the same.
SELECT 1;
