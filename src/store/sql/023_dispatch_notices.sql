-- Dispatches notify the officer: the router reads the dispatches recorded in the audit log (each
-- written in its dispatch's transaction) after this cursor, and queues a message for each.
ALTER TABLE notify_cursor ADD COLUMN last_dispatch INTEGER NOT NULL DEFAULT 0;
UPDATE notify_cursor SET last_dispatch = COALESCE((SELECT MAX(id) FROM audit_log), 0);
