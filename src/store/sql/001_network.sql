-- The grid network and the people who work it. Every mutable row carries `version` (optimistic
-- concurrency) and who changed it last, so a conflict message can say "changed by … at …".

CREATE TABLE office (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE community (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE grid (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES community(id),
    name         TEXT NOT NULL,
    code         TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL DEFAULT '',
    UNIQUE (community_id, name)
);
CREATE INDEX grid_name ON grid(name);

CREATE TABLE officer (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT '',
    UNIQUE (name, phone)
);

CREATE TABLE officer_grid (
    officer_id INTEGER NOT NULL REFERENCES officer(id) ON DELETE CASCADE,
    grid_id    INTEGER NOT NULL REFERENCES grid(id) ON DELETE CASCADE,
    PRIMARY KEY (officer_id, grid_id)
);
CREATE INDEX officer_grid_grid ON officer_grid(grid_id);

CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    uscc        TEXT UNIQUE,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    grid_id     INTEGER REFERENCES grid(id),
    sector      TEXT NOT NULL,
    risk_level  TEXT NOT NULL,
    principal   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    lon         REAL,
    lat         REAL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);
-- Units without a code are identified by name + address (re-import updates instead of duplicating).
CREATE UNIQUE INDEX unit_name_address ON unit(name, address) WHERE uscc IS NULL;
CREATE INDEX unit_grid_name ON unit(grid_id, name, id);
CREATE INDEX unit_name ON unit(name, id);
CREATE INDEX unit_sector ON unit(sector);
CREATE INDEX unit_risk ON unit(risk_level);

-- 五包一: one officer per seat for a fire-safety key unit.
CREATE TABLE guarantee_team (
    unit_id    INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    seat       TEXT NOT NULL,
    officer_id INTEGER NOT NULL REFERENCES officer(id),
    PRIMARY KEY (unit_id, seat)
);

CREATE TABLE operator (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    pin_hash    TEXT NOT NULL,
    disabled    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

-- Append-only, hash-chained: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    record     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
