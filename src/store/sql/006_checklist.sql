-- Campaign plans loaded from templates, the quarter's checklist kept against them, the office's
-- free-text report sections, and the record of every compiled report.

CREATE TABLE plan (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    until_date TEXT NOT NULL,
    loaded_by  TEXT NOT NULL,
    loaded_at  TEXT NOT NULL
);

CREATE TABLE plan_task (
    plan_id INTEGER NOT NULL REFERENCES plan(id),
    number  INTEGER NOT NULL,
    title   TEXT NOT NULL,
    PRIMARY KEY (plan_id, number)
);

-- `seq` is the measure's place in the template: measures are matched by it when a template is
-- loaded again, because a plan may print the same number twice.
CREATE TABLE plan_measure (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan(id),
    seq      INTEGER NOT NULL,
    task     INTEGER NOT NULL,
    number   INTEGER NOT NULL,
    title    TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT 'measure' CHECK (kind IN ('measure', 'deduction', 'bonus')),
    every    TEXT CHECK (every IN ('month', 'quarter', 'half_year', 'year')),
    ongoing  INTEGER NOT NULL DEFAULT 0,
    section  TEXT NOT NULL DEFAULT '',
    points   REAL,
    rule     TEXT NOT NULL DEFAULT '',
    figure   TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    UNIQUE (plan_id, seq)
);

CREATE TABLE plan_milestone (
    measure_id INTEGER NOT NULL REFERENCES plan_measure(id),
    due        TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (measure_id, due)
);
CREATE INDEX plan_milestone_due ON plan_milestone(due);

-- One row per measure and quarter once someone has touched it; no row means "not started".
CREATE TABLE checklist_entry (
    id          INTEGER PRIMARY KEY,
    measure_id  INTEGER NOT NULL REFERENCES plan_measure(id),
    quarter     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'done', 'not_applicable')),
    section     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    points_lost REAL,
    loss_reason TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT '',
    UNIQUE (measure_id, quarter)
);
CREATE INDEX checklist_entry_quarter ON checklist_entry(quarter, status);

CREATE TABLE report_draft (
    id         INTEGER PRIMARY KEY,
    quarter    TEXT NOT NULL,
    part       TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    UNIQUE (quarter, part)
);

CREATE TABLE report_compiled (
    id          INTEGER PRIMARY KEY,
    quarter     TEXT NOT NULL,
    compiled_by TEXT NOT NULL,
    compiled_at TEXT NOT NULL,
    format      TEXT NOT NULL,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    bytes       INTEGER NOT NULL
);
CREATE INDEX report_compiled_quarter ON report_compiled(quarter, compiled_at);

-- When an officer first acted on an alarm, for the report's time to acknowledge. Set by trigger so
-- that every step that moves an alarm out of "new" records it; closes by the upstream do not.
ALTER TABLE alarm ADD COLUMN acked_at TEXT;
CREATE TRIGGER alarm_acked AFTER UPDATE OF status ON alarm
WHEN OLD.status = 'new' AND NEW.status IN ('acknowledged', 'dispatched', 'resolved', 'false_alarm')
     AND NEW.close_note <> 'cleared upstream' AND NEW.acked_at IS NULL
BEGIN
    UPDATE alarm SET acked_at = COALESCE(NULLIF(NEW.updated_at, ''), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    WHERE id = NEW.id;
END;
