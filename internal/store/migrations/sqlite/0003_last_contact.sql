-- +goose Up
-- Each client's last interaction, kept with the client: "days since last contact" is read for
-- every client by the analytics and the agenda, and a GROUP BY over the contact log is slow.
ALTER TABLE clients ADD COLUMN last_contact_on TEXT;
UPDATE clients SET last_contact_on = (SELECT MAX(happened_on) FROM interactions i WHERE i.client_id = clients.id);
