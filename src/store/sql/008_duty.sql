-- The duty log: shifts (with the hand-over written at the end and acknowledged by the next
-- officer) and their entries; a serious accident entry carries the time it was reported upwards.
CREATE TABLE duty_shift (
    id              INTEGER PRIMARY KEY,
    operator        TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    handover        TEXT NOT NULL DEFAULT '',
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_shift_operator ON duty_shift(operator, started_at);
CREATE INDEX duty_shift_ended ON duty_shift(ended_at) WHERE ended_at IS NOT NULL AND acknowledged_at IS NULL;

CREATE TABLE duty_entry (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER REFERENCES duty_shift(id),
    operator    TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    reported_at TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_entry_at ON duty_entry(at, id);
CREATE INDEX duty_entry_unreported ON duty_entry(at) WHERE kind = 'serious_accident' AND reported_at IS NULL;
