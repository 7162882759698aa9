-- The Alarms screen's counts, kept in the transaction that changes them instead of counted on a
-- key: alarms by status, level and feed (a few dozen rows for a million alarms). Triggers keep it,
-- so every write path (ingest, a step, an import, a repair in sqlite3) moves it in its own
-- transaction, and a process killed mid-write leaves it as true as the alarms.
CREATE TABLE alarm_tally (
    status TEXT NOT NULL,
    level  TEXT NOT NULL,
    feed   TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (status, level, feed)
) WITHOUT ROWID;
INSERT INTO alarm_tally (status, level, feed, n)
    SELECT status, level, feed, count(*) FROM alarm GROUP BY status, level, feed;
CREATE TRIGGER alarm_tally_insert AFTER INSERT ON alarm BEGIN
    INSERT INTO alarm_tally (status, level, feed, n) VALUES (NEW.status, NEW.level, NEW.feed, 1)
        ON CONFLICT (status, level, feed) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alarm_tally_delete AFTER DELETE ON alarm BEGIN
    UPDATE alarm_tally SET n = n - 1 WHERE status = OLD.status AND level = OLD.level AND feed = OLD.feed;
END;
CREATE TRIGGER alarm_tally_update AFTER UPDATE OF status, level, feed ON alarm
    WHEN OLD.status IS NOT NEW.status OR OLD.level IS NOT NEW.level OR OLD.feed IS NOT NEW.feed
BEGIN
    UPDATE alarm_tally SET n = n - 1 WHERE status = OLD.status AND level = OLD.level AND feed = OLD.feed;
    INSERT INTO alarm_tally (status, level, feed, n) VALUES (NEW.status, NEW.level, NEW.feed, 1)
        ON CONFLICT (status, level, feed) DO UPDATE SET n = n + 1;
END;
