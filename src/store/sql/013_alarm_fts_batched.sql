-- New alarms are added to the search index by the ingest, in one statement per batch
-- (store::alarms::ingest), not by a trigger: a trigger writing to FTS5 makes it flush its pending
-- terms to disk at every row's statement, which cost ~50 µs per stored alarm.
DROP TRIGGER alarm_fts_insert;
