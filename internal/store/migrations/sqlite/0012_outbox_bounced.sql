-- +goose Up
-- Whether a failed letter bounced, as the sender knew when it failed it: results counted
-- bounces by reading the recorded error text back. Letters failed before are read once more.
ALTER TABLE outbox ADD COLUMN bounced INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET bounced = 1 WHERE state = 'failed' AND (last_error LIKE '%permanent send failure (SMTP 550)%'
	OR last_error LIKE '%permanent send failure (SMTP 551)%' OR last_error LIKE '%permanent send failure (SMTP 553)%');
