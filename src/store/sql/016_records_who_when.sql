-- Closing a hazard records the rectification evidence beside the verification note (验收意见),
-- and a record's history (who acknowledged, dispatched or resolved an alarm, and when) is read
-- from the audit log by the record, which this index serves without a scan.
ALTER TABLE hazard ADD COLUMN rectification_evidence TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_record ON audit_log(entity, record, id);
-- A hazard names the alarm or tip-off it came from (the link is kept on their side).
CREATE INDEX alarm_hazard ON alarm(hazard_id) WHERE hazard_id IS NOT NULL;
CREATE INDEX tipoff_hazard ON tipoff(hazard_id) WHERE hazard_id IS NOT NULL;
