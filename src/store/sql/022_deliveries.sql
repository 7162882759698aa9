-- The notification outbox: one row a message to a receiver, known by an idempotency key (the
-- alarm and the receiver), written in the same transaction that routes the alarm and advances the
-- router's cursor, so that an alarm is routed once and a message is queued once. A sender leases a
-- row, delivers it, and records the answer; failures wait with backoff, and a message that cannot
-- be delivered is kept as dead (shown, exported), never dropped.
CREATE TABLE delivery (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    receiver    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    alarm_id    INTEGER REFERENCES alarm(id),
    message     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    lease_until TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_due ON delivery(due_at) WHERE status = 'pending';
CREATE INDEX delivery_alarm ON delivery(alarm_id);

-- The last alarm the router has looked at.
CREATE TABLE notify_cursor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_alarm INTEGER NOT NULL DEFAULT 0
);
INSERT INTO notify_cursor (id, last_alarm) SELECT 1, COALESCE(MAX(id), 0) FROM alarm;
