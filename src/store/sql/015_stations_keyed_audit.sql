-- Where the audit log's keyed chain (HMAC-SHA256 under the service account's audit key) starts,
-- written once by the program when it first opens the database with a key (store/audit.rs).
CREATE TABLE audit_chain (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    row    INTEGER NOT NULL,
    head   TEXT NOT NULL,
    legacy TEXT NOT NULL,
    at     TEXT NOT NULL,
    mac    TEXT NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is written once'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is written once'); END;

-- Stations: where people enter the dashboard from over SSH (`anjian station NAME` forced by their
-- keys). A station may be limited to communities or grids, and may name one operator who is
-- signed in there without a PIN.
CREATE TABLE station (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    operator_id INTEGER REFERENCES operator(id),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE station_scope (
    station_id   INTEGER NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    community_id INTEGER REFERENCES community(id),
    grid_id      INTEGER REFERENCES grid(id),
    CHECK ((community_id IS NULL) <> (grid_id IS NULL))
);
CREATE INDEX station_scope_station ON station_scope(station_id);
CREATE TABLE station_key (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    base64      TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,
    added_at    TEXT NOT NULL
);
CREATE INDEX station_key_station ON station_key(station_id);

-- Lockouts count per name and per place (a station, the local terminal): failures at one station
-- never lock a name out at another.
CREATE INDEX signin_attempt_place ON signin_attempt(via, at);
