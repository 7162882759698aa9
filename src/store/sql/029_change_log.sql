-- The change log (issue 20): which rows of which table changed, in commit order. A terminal
-- that sees PRAGMA data_version move reads the rows after the last sequence it saw and reads
-- again only the screens (and the parts of a screen) whose tables are named there, instead of
-- everything it shows after every commit by anyone. Triggers write it, so every write path
-- (ingest, a step, an import, a repair in sqlite3) logs in its own transaction and a rolled-back
-- write logs nothing. Tables kept only with another are not logged themselves: alarm_area and
-- alarm_tally (with alarm), audit_chain (with audit_log), the search indexes (with their tables).
-- A bulk load that suspends the triggers logs one row for table '*': everything changed.
CREATE TABLE change_log (
    seq    INTEGER PRIMARY KEY,
    tbl    TEXT NOT NULL,
    row_id INTEGER
);
-- The newest 200,000 changes are kept (a terminal further behind reads everything again);
-- pruned every 4,096 changes, never the newest row, so sequences only grow.
CREATE TRIGGER change_log_prune AFTER INSERT ON change_log WHEN NEW.seq % 4096 = 0 BEGIN
    DELETE FROM change_log WHERE seq <= NEW.seq - 200000;
END;

CREATE TRIGGER change_office_insert AFTER INSERT ON office BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('office', NEW.rowid); END;
CREATE TRIGGER change_office_update AFTER UPDATE ON office BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('office', NEW.rowid); END;
CREATE TRIGGER change_office_delete AFTER DELETE ON office BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('office', OLD.rowid); END;
CREATE TRIGGER change_community_insert AFTER INSERT ON community BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('community', NEW.rowid); END;
CREATE TRIGGER change_community_update AFTER UPDATE ON community BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('community', NEW.rowid); END;
CREATE TRIGGER change_community_delete AFTER DELETE ON community BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('community', OLD.rowid); END;
CREATE TRIGGER change_grid_insert AFTER INSERT ON grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('grid', NEW.rowid); END;
CREATE TRIGGER change_grid_update AFTER UPDATE ON grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('grid', NEW.rowid); END;
CREATE TRIGGER change_grid_delete AFTER DELETE ON grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('grid', OLD.rowid); END;
CREATE TRIGGER change_officer_insert AFTER INSERT ON officer BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer', NEW.rowid); END;
CREATE TRIGGER change_officer_update AFTER UPDATE ON officer BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer', NEW.rowid); END;
CREATE TRIGGER change_officer_delete AFTER DELETE ON officer BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer', OLD.rowid); END;
CREATE TRIGGER change_officer_grid_insert AFTER INSERT ON officer_grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer_grid', NEW.rowid); END;
CREATE TRIGGER change_officer_grid_update AFTER UPDATE ON officer_grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer_grid', NEW.rowid); END;
CREATE TRIGGER change_officer_grid_delete AFTER DELETE ON officer_grid BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('officer_grid', OLD.rowid); END;
CREATE TRIGGER change_unit_insert AFTER INSERT ON unit BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('unit', NEW.rowid); END;
CREATE TRIGGER change_unit_update AFTER UPDATE ON unit BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('unit', NEW.rowid); END;
CREATE TRIGGER change_unit_delete AFTER DELETE ON unit BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('unit', OLD.rowid); END;
CREATE TRIGGER change_guarantee_team_insert AFTER INSERT ON guarantee_team BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('guarantee_team', NEW.rowid); END;
CREATE TRIGGER change_guarantee_team_update AFTER UPDATE ON guarantee_team BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('guarantee_team', NEW.rowid); END;
CREATE TRIGGER change_guarantee_team_delete AFTER DELETE ON guarantee_team BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('guarantee_team', OLD.rowid); END;
CREATE TRIGGER change_operator_insert AFTER INSERT ON operator BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator', NEW.rowid); END;
CREATE TRIGGER change_operator_update AFTER UPDATE ON operator BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator', NEW.rowid); END;
CREATE TRIGGER change_operator_delete AFTER DELETE ON operator BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator', OLD.rowid); END;
CREATE TRIGGER change_audit_log_insert AFTER INSERT ON audit_log BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('audit_log', NEW.rowid); END;
CREATE TRIGGER change_audit_log_update AFTER UPDATE ON audit_log BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('audit_log', NEW.rowid); END;
CREATE TRIGGER change_audit_log_delete AFTER DELETE ON audit_log BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('audit_log', OLD.rowid); END;
CREATE TRIGGER change_inspection_insert AFTER INSERT ON inspection BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('inspection', NEW.rowid); END;
CREATE TRIGGER change_inspection_update AFTER UPDATE ON inspection BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('inspection', NEW.rowid); END;
CREATE TRIGGER change_inspection_delete AFTER DELETE ON inspection BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('inspection', OLD.rowid); END;
CREATE TRIGGER change_hazard_insert AFTER INSERT ON hazard BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('hazard', NEW.rowid); END;
CREATE TRIGGER change_hazard_update AFTER UPDATE ON hazard BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('hazard', NEW.rowid); END;
CREATE TRIGGER change_hazard_delete AFTER DELETE ON hazard BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('hazard', OLD.rowid); END;
CREATE TRIGGER change_manual_deadline_insert AFTER INSERT ON manual_deadline BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('manual_deadline', NEW.rowid); END;
CREATE TRIGGER change_manual_deadline_update AFTER UPDATE ON manual_deadline BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('manual_deadline', NEW.rowid); END;
CREATE TRIGGER change_manual_deadline_delete AFTER DELETE ON manual_deadline BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('manual_deadline', OLD.rowid); END;
CREATE TRIGGER change_report_submission_insert AFTER INSERT ON report_submission BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_submission', NEW.rowid); END;
CREATE TRIGGER change_report_submission_update AFTER UPDATE ON report_submission BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_submission', NEW.rowid); END;
CREATE TRIGGER change_report_submission_delete AFTER DELETE ON report_submission BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_submission', OLD.rowid); END;
CREATE TRIGGER change_feed_insert AFTER INSERT ON feed BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed', NEW.rowid); END;
CREATE TRIGGER change_feed_update AFTER UPDATE ON feed BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed', NEW.rowid); END;
CREATE TRIGGER change_feed_delete AFTER DELETE ON feed BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed', OLD.rowid); END;
CREATE TRIGGER change_alarm_insert AFTER INSERT ON alarm BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('alarm', NEW.rowid); END;
CREATE TRIGGER change_alarm_update AFTER UPDATE ON alarm BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('alarm', NEW.rowid); END;
CREATE TRIGGER change_alarm_delete AFTER DELETE ON alarm BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('alarm', OLD.rowid); END;
CREATE TRIGGER change_quarantine_insert AFTER INSERT ON quarantine BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('quarantine', NEW.rowid); END;
CREATE TRIGGER change_quarantine_update AFTER UPDATE ON quarantine BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('quarantine', NEW.rowid); END;
CREATE TRIGGER change_quarantine_delete AFTER DELETE ON quarantine BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('quarantine', OLD.rowid); END;
CREATE TRIGGER change_silence_insert AFTER INSERT ON silence BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('silence', NEW.rowid); END;
CREATE TRIGGER change_silence_update AFTER UPDATE ON silence BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('silence', NEW.rowid); END;
CREATE TRIGGER change_silence_delete AFTER DELETE ON silence BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('silence', OLD.rowid); END;
CREATE TRIGGER change_feed_entry_insert AFTER INSERT ON feed_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_entry', NEW.rowid); END;
CREATE TRIGGER change_feed_entry_update AFTER UPDATE ON feed_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_entry', NEW.rowid); END;
CREATE TRIGGER change_feed_entry_delete AFTER DELETE ON feed_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_entry', OLD.rowid); END;
CREATE TRIGGER change_tipoff_insert AFTER INSERT ON tipoff BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff', NEW.rowid); END;
CREATE TRIGGER change_tipoff_update AFTER UPDATE ON tipoff BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff', NEW.rowid); END;
CREATE TRIGGER change_tipoff_delete AFTER DELETE ON tipoff BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff', OLD.rowid); END;
CREATE TRIGGER change_tipoff_event_insert AFTER INSERT ON tipoff_event BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff_event', NEW.rowid); END;
CREATE TRIGGER change_tipoff_event_update AFTER UPDATE ON tipoff_event BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff_event', NEW.rowid); END;
CREATE TRIGGER change_tipoff_event_delete AFTER DELETE ON tipoff_event BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('tipoff_event', OLD.rowid); END;
CREATE TRIGGER change_secret_check_insert AFTER INSERT ON secret_check BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('secret_check', NEW.rowid); END;
CREATE TRIGGER change_secret_check_update AFTER UPDATE ON secret_check BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('secret_check', NEW.rowid); END;
CREATE TRIGGER change_secret_check_delete AFTER DELETE ON secret_check BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('secret_check', OLD.rowid); END;
CREATE TRIGGER change_plan_insert AFTER INSERT ON plan BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan', NEW.rowid); END;
CREATE TRIGGER change_plan_update AFTER UPDATE ON plan BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan', NEW.rowid); END;
CREATE TRIGGER change_plan_delete AFTER DELETE ON plan BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan', OLD.rowid); END;
CREATE TRIGGER change_plan_task_insert AFTER INSERT ON plan_task BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_task', NEW.rowid); END;
CREATE TRIGGER change_plan_task_update AFTER UPDATE ON plan_task BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_task', NEW.rowid); END;
CREATE TRIGGER change_plan_task_delete AFTER DELETE ON plan_task BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_task', OLD.rowid); END;
CREATE TRIGGER change_plan_measure_insert AFTER INSERT ON plan_measure BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_measure', NEW.rowid); END;
CREATE TRIGGER change_plan_measure_update AFTER UPDATE ON plan_measure BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_measure', NEW.rowid); END;
CREATE TRIGGER change_plan_measure_delete AFTER DELETE ON plan_measure BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_measure', OLD.rowid); END;
CREATE TRIGGER change_plan_milestone_insert AFTER INSERT ON plan_milestone BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_milestone', NEW.rowid); END;
CREATE TRIGGER change_plan_milestone_update AFTER UPDATE ON plan_milestone BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_milestone', NEW.rowid); END;
CREATE TRIGGER change_plan_milestone_delete AFTER DELETE ON plan_milestone BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('plan_milestone', OLD.rowid); END;
CREATE TRIGGER change_checklist_entry_insert AFTER INSERT ON checklist_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('checklist_entry', NEW.rowid); END;
CREATE TRIGGER change_checklist_entry_update AFTER UPDATE ON checklist_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('checklist_entry', NEW.rowid); END;
CREATE TRIGGER change_checklist_entry_delete AFTER DELETE ON checklist_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('checklist_entry', OLD.rowid); END;
CREATE TRIGGER change_report_draft_insert AFTER INSERT ON report_draft BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_draft', NEW.rowid); END;
CREATE TRIGGER change_report_draft_update AFTER UPDATE ON report_draft BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_draft', NEW.rowid); END;
CREATE TRIGGER change_report_draft_delete AFTER DELETE ON report_draft BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_draft', OLD.rowid); END;
CREATE TRIGGER change_report_compiled_insert AFTER INSERT ON report_compiled BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_compiled', NEW.rowid); END;
CREATE TRIGGER change_report_compiled_update AFTER UPDATE ON report_compiled BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_compiled', NEW.rowid); END;
CREATE TRIGGER change_report_compiled_delete AFTER DELETE ON report_compiled BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('report_compiled', OLD.rowid); END;
CREATE TRIGGER change_signin_attempt_insert AFTER INSERT ON signin_attempt BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('signin_attempt', NEW.rowid); END;
CREATE TRIGGER change_signin_attempt_update AFTER UPDATE ON signin_attempt BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('signin_attempt', NEW.rowid); END;
CREATE TRIGGER change_signin_attempt_delete AFTER DELETE ON signin_attempt BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('signin_attempt', OLD.rowid); END;
CREATE TRIGGER change_duty_shift_insert AFTER INSERT ON duty_shift BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_shift', NEW.rowid); END;
CREATE TRIGGER change_duty_shift_update AFTER UPDATE ON duty_shift BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_shift', NEW.rowid); END;
CREATE TRIGGER change_duty_shift_delete AFTER DELETE ON duty_shift BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_shift', OLD.rowid); END;
CREATE TRIGGER change_duty_entry_insert AFTER INSERT ON duty_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_entry', NEW.rowid); END;
CREATE TRIGGER change_duty_entry_update AFTER UPDATE ON duty_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_entry', NEW.rowid); END;
CREATE TRIGGER change_duty_entry_delete AFTER DELETE ON duty_entry BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('duty_entry', OLD.rowid); END;
CREATE TRIGGER change_operator_scope_insert AFTER INSERT ON operator_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator_scope', NEW.rowid); END;
CREATE TRIGGER change_operator_scope_update AFTER UPDATE ON operator_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator_scope', NEW.rowid); END;
CREATE TRIGGER change_operator_scope_delete AFTER DELETE ON operator_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('operator_scope', OLD.rowid); END;
CREATE TRIGGER change_station_insert AFTER INSERT ON station BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station', NEW.rowid); END;
CREATE TRIGGER change_station_update AFTER UPDATE ON station BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station', NEW.rowid); END;
CREATE TRIGGER change_station_delete AFTER DELETE ON station BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station', OLD.rowid); END;
CREATE TRIGGER change_station_scope_insert AFTER INSERT ON station_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_scope', NEW.rowid); END;
CREATE TRIGGER change_station_scope_update AFTER UPDATE ON station_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_scope', NEW.rowid); END;
CREATE TRIGGER change_station_scope_delete AFTER DELETE ON station_scope BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_scope', OLD.rowid); END;
CREATE TRIGGER change_station_key_insert AFTER INSERT ON station_key BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_key', NEW.rowid); END;
CREATE TRIGGER change_station_key_update AFTER UPDATE ON station_key BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_key', NEW.rowid); END;
CREATE TRIGGER change_station_key_delete AFTER DELETE ON station_key BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('station_key', OLD.rowid); END;
CREATE TRIGGER change_feed_pending_insert AFTER INSERT ON feed_pending BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_pending', NEW.rowid); END;
CREATE TRIGGER change_feed_pending_update AFTER UPDATE ON feed_pending BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_pending', NEW.rowid); END;
CREATE TRIGGER change_feed_pending_delete AFTER DELETE ON feed_pending BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('feed_pending', OLD.rowid); END;
CREATE TRIGGER change_accident_insert AFTER INSERT ON accident BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('accident', NEW.rowid); END;
CREATE TRIGGER change_accident_update AFTER UPDATE ON accident BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('accident', NEW.rowid); END;
CREATE TRIGGER change_accident_delete AFTER DELETE ON accident BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('accident', OLD.rowid); END;
CREATE TRIGGER change_work_record_insert AFTER INSERT ON work_record BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('work_record', NEW.rowid); END;
CREATE TRIGGER change_work_record_update AFTER UPDATE ON work_record BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('work_record', NEW.rowid); END;
CREATE TRIGGER change_work_record_delete AFTER DELETE ON work_record BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('work_record', OLD.rowid); END;
CREATE TRIGGER change_delivery_insert AFTER INSERT ON delivery BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery', NEW.rowid); END;
CREATE TRIGGER change_delivery_update AFTER UPDATE ON delivery BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery', NEW.rowid); END;
CREATE TRIGGER change_delivery_delete AFTER DELETE ON delivery BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery', OLD.rowid); END;
CREATE TRIGGER change_notify_cursor_insert AFTER INSERT ON notify_cursor BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('notify_cursor', NEW.rowid); END;
CREATE TRIGGER change_notify_cursor_update AFTER UPDATE ON notify_cursor BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('notify_cursor', NEW.rowid); END;
CREATE TRIGGER change_notify_cursor_delete AFTER DELETE ON notify_cursor BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('notify_cursor', OLD.rowid); END;
CREATE TRIGGER change_delivery_member_insert AFTER INSERT ON delivery_member BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery_member', NEW.rowid); END;
CREATE TRIGGER change_delivery_member_update AFTER UPDATE ON delivery_member BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery_member', NEW.rowid); END;
CREATE TRIGGER change_delivery_member_delete AFTER DELETE ON delivery_member BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('delivery_member', OLD.rowid); END;
