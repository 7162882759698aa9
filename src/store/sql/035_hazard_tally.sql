-- The Hazards screen's counts, kept in the transaction that changes them instead of counted on a
-- key: hazards by status, source and whether major (a few dozen rows however many hazards). The
-- status filter's "closed" counted some 40,000 index entries on a district, 5 ms with a cold cache.
-- Triggers keep it, as `alarm_tally`: every write path moves it in its own transaction.
CREATE TABLE hazard_tally (
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    major  INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (status, source, major)
) WITHOUT ROWID;
INSERT INTO hazard_tally (status, source, major, n)
    SELECT status, source, major, count(*) FROM hazard GROUP BY status, source, major;
CREATE TRIGGER hazard_tally_insert AFTER INSERT ON hazard BEGIN
    INSERT INTO hazard_tally (status, source, major, n) VALUES (NEW.status, NEW.source, NEW.major, 1)
        ON CONFLICT (status, source, major) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER hazard_tally_delete AFTER DELETE ON hazard BEGIN
    UPDATE hazard_tally SET n = n - 1 WHERE status = OLD.status AND source = OLD.source AND major = OLD.major;
END;
CREATE TRIGGER hazard_tally_update AFTER UPDATE OF status, source, major ON hazard
    WHEN OLD.status IS NOT NEW.status OR OLD.source IS NOT NEW.source OR OLD.major IS NOT NEW.major
BEGIN
    UPDATE hazard_tally SET n = n - 1 WHERE status = OLD.status AND source = OLD.source AND major = OLD.major;
    INSERT INTO hazard_tally (status, source, major, n) VALUES (NEW.status, NEW.source, NEW.major, 1)
        ON CONFLICT (status, source, major) DO UPDATE SET n = n + 1;
END;
