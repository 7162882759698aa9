-- Tip-offs (举报): intake from the hotline, letters, visits, staff and upstream platforms (Open311),
-- the workflow's dates and results, and a timeline. The reporter's name and phone are stored only
-- sealed (XChaCha20-Poly1305, see src/secret.rs); the key is not in the database.

CREATE TABLE tipoff (
    id               INTEGER PRIMARY KEY,
    upstream_feed    TEXT,
    upstream_id      TEXT,
    service_code     TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'received',
    received_at      TEXT NOT NULL,
    location         TEXT NOT NULL DEFAULT '',
    lat              REAL,
    lon              REAL,
    unit_id          INTEGER REFERENCES unit(id),
    category         TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    anonymous        INTEGER NOT NULL DEFAULT 0,
    reporter_name    BLOB,
    reporter_phone   BLOB,
    accepted_on      TEXT,
    verify_due       TEXT,
    extension_days   INTEGER NOT NULL DEFAULT 0,
    extension_reason TEXT NOT NULL DEFAULT '',
    transferred_to   TEXT NOT NULL DEFAULT '',
    verified_on      TEXT,
    substantiated    INTEGER,
    reply_due        TEXT,
    replied_on       TEXT,
    reply_text       TEXT NOT NULL DEFAULT '',
    reply_channel    TEXT NOT NULL DEFAULT '',
    fine             REAL,
    reward           REAL,
    hazard_id        INTEGER REFERENCES hazard(id),
    upstream_status  TEXT NOT NULL DEFAULT '',
    upstream_notes   TEXT NOT NULL DEFAULT '',
    upstream_updated TEXT,
    closed_on        TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL DEFAULT ''
);
-- An upstream request is one tip-off however often it is fetched again.
CREATE UNIQUE INDEX tipoff_upstream ON tipoff(upstream_feed, upstream_id) WHERE upstream_id IS NOT NULL;
CREATE INDEX tipoff_received ON tipoff(received_at, id);
CREATE INDEX tipoff_open ON tipoff(status, verify_due) WHERE status NOT IN ('closed');
CREATE INDEX tipoff_unit ON tipoff(unit_id);

-- The item's timeline: every step, note, upstream update and reveal of the reporter's identity.
CREATE TABLE tipoff_event (
    id        INTEGER PRIMARY KEY,
    tipoff_id INTEGER NOT NULL REFERENCES tipoff(id),
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tipoff_event_item ON tipoff_event(tipoff_id, id);

-- One sealed known value, to tell a wrong key file from damaged records at start-up.
CREATE TABLE secret_check (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BLOB NOT NULL
);
