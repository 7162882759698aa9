-- Hazards, inspections and drills, manual deadlines and report submissions. Due dates are never
-- stored: they are computed from facts (last date done, sector, deadline set by an order).

ALTER TABLE office ADD COLUMN started_on TEXT NOT NULL DEFAULT '';
UPDATE office SET started_on = substr(updated_at, 1, 10);

-- The date a unit entered the register: an obligation with nothing on record is due from then.
ALTER TABLE unit ADD COLUMN registered_on TEXT NOT NULL DEFAULT '2024-01-01';
UPDATE unit SET registered_on = substr(updated_at, 1, 10) WHERE updated_at <> '';
-- Last self-inspection and drill on record: facts kept with the inspection rows they summarise.
ALTER TABLE unit ADD COLUMN last_self_inspection TEXT;
ALTER TABLE unit ADD COLUMN last_drill TEXT;

-- The next due dates as index expressions (the same text is used by the queries in
-- store/deadlines.rs; a test checks that the plans use these indexes). High-hazard sectors:
-- monthly self-inspection and half-yearly drills; others quarterly and yearly.
CREATE INDEX unit_self_inspection_due ON unit(date(COALESCE(last_self_inspection, registered_on), CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN '+1 months' ELSE '+3 months' END, 'floor'));
CREATE INDEX unit_drill_due ON unit(date(COALESCE(last_drill, registered_on), CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN '+6 months' ELSE '+12 months' END, 'floor'));

CREATE TABLE inspection (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    kind        TEXT NOT NULL CHECK (kind IN ('self_inspection', 'drill')),
    done_on     TEXT NOT NULL,
    done_by     TEXT NOT NULL DEFAULT '',
    findings    TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX inspection_unit ON inspection(unit_id, kind, done_on);

CREATE TABLE hazard (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES unit(id),
    description       TEXT NOT NULL,
    major             INTEGER NOT NULL DEFAULT 0,
    source            TEXT NOT NULL,
    found_on          TEXT NOT NULL,
    found_by          TEXT NOT NULL DEFAULT '',
    measures          TEXT NOT NULL DEFAULT '',
    responsible       TEXT NOT NULL DEFAULT '',
    deadline          TEXT NOT NULL,
    supervised        INTEGER NOT NULL DEFAULT 0,
    supervising_level TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'found',
    closed_on         TEXT,
    closed_by         TEXT,
    closure_note      TEXT NOT NULL DEFAULT '',
    inspection_id     INTEGER REFERENCES inspection(id),
    version           INTEGER NOT NULL DEFAULT 1,
    updated_by        TEXT NOT NULL DEFAULT '',
    updated_at        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_open_deadline ON hazard(major, deadline, id) WHERE status <> 'closed';
CREATE INDEX hazard_unit ON hazard(unit_id, status);
CREATE INDEX hazard_found ON hazard(found_on);
CREATE INDEX hazard_status ON hazard(status, found_on);

CREATE TABLE manual_deadline (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    due        TEXT NOT NULL,
    unit_id    INTEGER REFERENCES unit(id),
    note       TEXT NOT NULL DEFAULT '',
    done_on    TEXT,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX manual_deadline_open ON manual_deadline(due, id) WHERE done_on IS NULL;

CREATE TABLE report_submission (
    kind         TEXT NOT NULL,
    period       TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    PRIMARY KEY (kind, period)
);
