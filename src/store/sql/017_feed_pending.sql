-- Linked documents of a feed's index that could not be read yet. Each is retried with backoff on
-- later rounds, whatever the index answers (an unchanged index answers 304 and lists nothing),
-- until it is read or, past the feed's give-up age, given up: the row stays, so feed health can
-- say how many were given up.
CREATE TABLE feed_pending (
    feed        TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    updated     TEXT NOT NULL,
    -- The entry's links, absolute, one per line, in the order they are tried.
    links       TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    next_try    TEXT NOT NULL,
    last_error  TEXT NOT NULL,
    given_up_at TEXT,
    PRIMARY KEY (feed, entry_id)
);
CREATE INDEX feed_pending_due ON feed_pending(feed, next_try) WHERE given_up_at IS NULL;
-- Alarms whose level word was not understood, and documents that did not conform to the CAP
-- schema (read leniently and marked), counted per feed for its health.
ALTER TABLE feed ADD COLUMN level_unread INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed ADD COLUMN nonconforming INTEGER NOT NULL DEFAULT 0;
