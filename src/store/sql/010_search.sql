-- Search inside unsegmented Chinese: a trigram index over units' names, addresses and codes, so that
-- "加油站" finds 中石化某某加油站 through the index instead of a scan. Kept by triggers.
CREATE VIRTUAL TABLE unit_fts USING fts5(name, address, uscc, content='unit', content_rowid='id', tokenize='trigram');
INSERT INTO unit_fts(unit_fts) VALUES ('rebuild');
CREATE TRIGGER unit_fts_insert AFTER INSERT ON unit BEGIN
    INSERT INTO unit_fts(rowid, name, address, uscc) VALUES (new.id, new.name, new.address, new.uscc);
END;
CREATE TRIGGER unit_fts_delete AFTER DELETE ON unit BEGIN
    INSERT INTO unit_fts(unit_fts, rowid, name, address, uscc) VALUES ('delete', old.id, old.name, old.address, old.uscc);
END;
CREATE TRIGGER unit_fts_update AFTER UPDATE OF name, address, uscc ON unit BEGIN
    INSERT INTO unit_fts(unit_fts, rowid, name, address, uscc) VALUES ('delete', old.id, old.name, old.address, old.uscc);
    INSERT INTO unit_fts(rowid, name, address, uscc) VALUES (new.id, new.name, new.address, new.uscc);
END;
