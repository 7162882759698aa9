-- A unit's obligations are counted by calendar period as the plans word them ("每季度至少1次":
-- once in each calendar quarter), not a rolling number of months from the last record: the next
-- is due by the end of the period after the one of the last recorded (from the register date when
-- none is). The deadline lists read these expressions from their indexes (store/deadlines).
DROP INDEX unit_self_inspection_due;
DROP INDEX unit_drill_due;
CREATE INDEX unit_self_inspection_due ON unit(date(COALESCE(last_self_inspection, registered_on), 'start of month', '-' || ((CAST(strftime('%m', COALESCE(last_self_inspection, registered_on)) AS INTEGER) - 1) % CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN 1 ELSE 3 END) || ' months', CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN '+2 months' ELSE '+6 months' END, '-1 day'));
CREATE INDEX unit_drill_due ON unit(date(COALESCE(last_drill, registered_on), 'start of month', '-' || ((CAST(strftime('%m', COALESCE(last_drill, registered_on)) AS INTEGER) - 1) % CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN 6 ELSE 12 END) || ' months', CASE WHEN sector IN ('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport') THEN '+12 months' ELSE '+24 months' END, '-1 day'));
