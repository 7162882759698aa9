-- The accident register (时间、单位、类别、等级、死亡、重伤、是否1小时内报送) and the office's own
-- work records (enforcement cases with fines, training sessions, publicity events): both feed the
-- quarterly report and the assessment points on accidents and one-hour reporting.
CREATE TABLE accident (
    id            INTEGER PRIMARY KEY,
    occurred_at   TEXT NOT NULL,
    -- The unit on record, when it is one; its name (or the name as reported) is kept either way.
    unit_id       INTEGER REFERENCES unit(id),
    unit_name     TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT 'other',
    level         TEXT NOT NULL CHECK (level IN ('general', 'larger', 'major', 'especially_major')),
    deaths        INTEGER NOT NULL DEFAULT 0 CHECK (deaths >= 0),
    injuries      INTEGER NOT NULL DEFAULT 0 CHECK (injuries >= 0),
    description   TEXT NOT NULL DEFAULT '',
    reported_at   TEXT,
    -- Set when the entry came from a serious accident written in the duty log.
    duty_entry_id INTEGER UNIQUE REFERENCES duty_entry(id),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accident_occurred ON accident(occurred_at);
-- A register row is known by its time and unit, so that a sheet imported twice adds nothing twice;
-- entries the duty log opened are known by their log entry instead (unit still to be filled in).
CREATE UNIQUE INDEX accident_key ON accident(occurred_at, unit_name) WHERE duty_entry_id IS NULL;

CREATE TABLE work_record (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('enforcement', 'training', 'publicity')),
    on_date     TEXT NOT NULL,
    title       TEXT NOT NULL,
    unit_id     INTEGER REFERENCES unit(id),
    unit_name   TEXT NOT NULL DEFAULT '',
    fine_yuan   REAL NOT NULL DEFAULT 0 CHECK (fine_yuan >= 0),
    people      INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0),
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, on_date, title)
);
CREATE INDEX work_record_on ON work_record(on_date, kind);

-- How the report goes out: signed under the office's seal (GB/T 9704 7.3.5.1, the signature
-- centred over a date four characters from the right) or without one (7.3.5.2); and whether the
-- attachments' tables travel as a separate workbook instead of pages of the document.
ALTER TABLE office ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE office ADD COLUMN tables_apart INTEGER NOT NULL DEFAULT 0;
