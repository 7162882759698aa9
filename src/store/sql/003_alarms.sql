-- Feeds, alarms and quarantined documents. A batch of alarms and the feed's cursor/ETag are
-- written in one transaction, so a crash can neither lose nor duplicate an alarm.

CREATE TABLE feed (
    name          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    cursor        TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_attempt  TEXT,
    last_success  TEXT,
    last_error    TEXT,
    items         INTEGER NOT NULL DEFAULT 0,
    quarantined   INTEGER NOT NULL DEFAULT 0,
    -- Only one process fetches a feed at a time: it holds the lease until it expires.
    lease_owner   TEXT,
    lease_until   TEXT
);

CREATE TABLE alarm (
    id           INTEGER PRIMARY KEY,
    dedup_key    TEXT NOT NULL,
    feed         TEXT NOT NULL,
    source       TEXT NOT NULL,
    msg_status   TEXT NOT NULL DEFAULT 'Actual',
    level        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'new',
    headline     TEXT NOT NULL DEFAULT '',
    event        TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    instruction  TEXT NOT NULL DEFAULT '',
    area         TEXT NOT NULL DEFAULT '',
    sender       TEXT NOT NULL DEFAULT '',
    sent         TEXT NOT NULL,
    expires      TEXT,
    unit_id      INTEGER REFERENCES unit(id),
    refs         TEXT NOT NULL DEFAULT '',
    count        INTEGER NOT NULL DEFAULT 1,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    closed_at    TEXT,
    close_note   TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL DEFAULT ''
);
-- At most one open alarm per upstream event; a trigger after it closed opens a new row.
CREATE UNIQUE INDEX alarm_open_key ON alarm(dedup_key) WHERE status IN ('new', 'acknowledged', 'dispatched');
CREATE INDEX alarm_key ON alarm(dedup_key);
-- Newest first: an index on the time alone (an index led by level makes SQLite sort, see STACK.md).
CREATE INDEX alarm_sent ON alarm(sent, id);
CREATE INDEX alarm_unit ON alarm(unit_id);

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    feed        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    error       TEXT NOT NULL,
    raw         BLOB NOT NULL
);
CREATE INDEX quarantine_feed ON quarantine(feed, id);
