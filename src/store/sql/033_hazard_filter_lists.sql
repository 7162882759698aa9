-- The hazard register by source (the `s` filter) and by one open status (the `f` filter), each in
-- the list's own order (store::hazards::ORDER, as hazard_list in 012). By source, the count read
-- every hazard (2.5 ms of 50,000) and the page walked the whole register in order for the ones it
-- wanted; by status, a page of 200 "rectifying" walked the open hazards in order and read each
-- row, 25 ms on a district (issue 20).
CREATE INDEX hazard_source_list ON hazard(source, (status = 'closed'),
    (CASE WHEN status = 'closed' THEN '' ELSE deadline END), COALESCE(closed_on, '') DESC, id);
CREATE INDEX hazard_status_list ON hazard(status, (status = 'closed'),
    (CASE WHEN status = 'closed' THEN '' ELSE deadline END), COALESCE(closed_on, '') DESC, id);
ANALYZE hazard;
