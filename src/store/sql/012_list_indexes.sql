-- Lists and badges at district scale (a million alarms, 50,000 hazards):
-- open alarms newest first (the default queue), by level (the level filter and the badges, counted
-- from the index alone) and the new ones (the attention list), each its own partial index so that
-- no page sorts a large set;
-- the hazard and tip-off lists in their own order (the expressions of store::hazards::ORDER and
-- store::tipoffs::ORDER, written the same way), so a page is an index walk instead of a sort.
CREATE INDEX alarm_open_sent ON alarm(sent, id) WHERE status IN ('new', 'acknowledged', 'dispatched');
CREATE INDEX alarm_open_level ON alarm(level, sent, id) WHERE status IN ('new', 'acknowledged', 'dispatched');
CREATE INDEX alarm_new_sent ON alarm(sent) WHERE status = 'new';
CREATE INDEX hazard_list ON hazard((status = 'closed'), (CASE WHEN status = 'closed' THEN '' ELSE deadline END),
    COALESCE(closed_on, '') DESC, id);
CREATE INDEX tipoff_list ON tipoff(
    ((CASE WHEN status IN ('accepted', 'verifying') THEN verify_due WHEN status IN ('substantiated', 'unsubstantiated') THEN reply_due END) IS NULL),
    COALESCE(CASE WHEN status IN ('accepted', 'verifying') THEN verify_due WHEN status IN ('substantiated', 'unsubstantiated') THEN reply_due END, ''),
    received_at DESC, id DESC);
-- Statistics for the new indexes, so that the planner weighs them against the time index.
ANALYZE alarm;
ANALYZE hazard;
ANALYZE tipoff;
