-- The Checklist's figures from indexes alone instead of a pass over the quarter's rows each visit:
-- hazard rates by the day found (with what the rates read), major hazards open at a date, the
-- quarter's rectifications, and self-inspections and drills by kind and day.
DROP INDEX hazard_found;
CREATE INDEX hazard_found ON hazard(found_on, major, source, deadline, closed_on);
CREATE INDEX hazard_major_open ON hazard(major, found_on, closed_on);
CREATE INDEX hazard_closed_on ON hazard(closed_on) WHERE status = 'closed';
CREATE INDEX inspection_kind_done ON inspection(kind, done_on, unit_id);
