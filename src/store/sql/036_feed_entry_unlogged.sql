-- The index entries a CAP feed has read (`feed_entry`) are the sync's own memory of what it has
-- fetched: no screen reads them (tests/change_log.rs checks what each screen's queries read), so
-- the change log (migration 029) has nothing to tell a terminal about them. Logging each one cost
-- a change-log row, and its index entry, for every entry of every round: 5,000 for the bench's
-- feed, as many as its alarms.
DROP TRIGGER change_feed_entry_insert;
DROP TRIGGER change_feed_entry_update;
DROP TRIGGER change_feed_entry_delete;
