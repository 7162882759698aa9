-- The duty queue on top of the alarm cache: where an alarm applies (communities and grids),
-- whom it was dispatched to, the hazard opened from it,
-- and silences.

ALTER TABLE community ADD COLUMN region_code TEXT NOT NULL DEFAULT '';

ALTER TABLE alarm ADD COLUMN officer_id INTEGER REFERENCES officer(id);
ALTER TABLE alarm ADD COLUMN hazard_id INTEGER REFERENCES hazard(id);
-- Units inside the alarm's polygon or circle (0 when it has none).
ALTER TABLE alarm ADD COLUMN units_in_area INTEGER NOT NULL DEFAULT 0;

-- Where an alarm applies: a community (a region code covered it) or a grid inside one (a unit
-- of the grid is named or lies in the area). Filters by community or grid read this table.
CREATE TABLE alarm_area (
    alarm_id     INTEGER NOT NULL REFERENCES alarm(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES community(id),
    grid_id      INTEGER REFERENCES grid(id),
    UNIQUE (alarm_id, community_id, grid_id)
);
CREATE INDEX alarm_area_community ON alarm_area(community_id, alarm_id);
CREATE INDEX alarm_area_grid ON alarm_area(grid_id, alarm_id);

-- The few alarms that name others (CAP Update/Cancel), so a detail pane finds the messages that
-- replaced an alarm without scanning the whole table.
CREATE INDEX alarm_with_refs ON alarm(id) WHERE refs <> '';

-- Units by position, to narrow a polygon or circle to a bounding box before the exact test.
CREATE INDEX unit_lat ON unit(lat, lon) WHERE lat IS NOT NULL;

-- A silence keeps matching alarms in the queue but stops their notifications until it ends.
-- The matcher is "field=value" terms joined by spaces (feed, level, event, area, unit).
CREATE TABLE silence (
    id          INTEGER PRIMARY KEY,
    matcher     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    removed_at  TEXT,
    removed_by  TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT ''
);

-- Entries of an index (Atom/RSS) already read, recorded in the same transaction as their alarms,
-- so that a linked document is fetched once and a crash between fetch and write refetches it.
CREATE TABLE feed_entry (
    feed     TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    updated  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (feed, entry_id)
);
