-- "/" on the hazard, tip-off and alarm screens searches their text through trigram indexes, as
-- units do (migration 010): a hazard's description and measures, a tip-off's description and
-- place, an alarm's headline, event and area. Reporter identities are sealed and never indexed.
CREATE VIRTUAL TABLE hazard_fts USING fts5(description, measures, content='hazard', content_rowid='id', tokenize='trigram');
INSERT INTO hazard_fts(hazard_fts) VALUES ('rebuild');
CREATE TRIGGER hazard_fts_insert AFTER INSERT ON hazard BEGIN
    INSERT INTO hazard_fts(rowid, description, measures) VALUES (new.id, new.description, new.measures);
END;
CREATE TRIGGER hazard_fts_delete AFTER DELETE ON hazard BEGIN
    INSERT INTO hazard_fts(hazard_fts, rowid, description, measures) VALUES ('delete', old.id, old.description, old.measures);
END;
CREATE TRIGGER hazard_fts_update AFTER UPDATE OF description, measures ON hazard BEGIN
    INSERT INTO hazard_fts(hazard_fts, rowid, description, measures) VALUES ('delete', old.id, old.description, old.measures);
    INSERT INTO hazard_fts(rowid, description, measures) VALUES (new.id, new.description, new.measures);
END;

CREATE VIRTUAL TABLE tipoff_fts USING fts5(description, location, content='tipoff', content_rowid='id', tokenize='trigram');
INSERT INTO tipoff_fts(tipoff_fts) VALUES ('rebuild');
CREATE TRIGGER tipoff_fts_insert AFTER INSERT ON tipoff BEGIN
    INSERT INTO tipoff_fts(rowid, description, location) VALUES (new.id, new.description, new.location);
END;
CREATE TRIGGER tipoff_fts_delete AFTER DELETE ON tipoff BEGIN
    INSERT INTO tipoff_fts(tipoff_fts, rowid, description, location) VALUES ('delete', old.id, old.description, old.location);
END;
CREATE TRIGGER tipoff_fts_update AFTER UPDATE OF description, location ON tipoff BEGIN
    INSERT INTO tipoff_fts(tipoff_fts, rowid, description, location) VALUES ('delete', old.id, old.description, old.location);
    INSERT INTO tipoff_fts(rowid, description, location) VALUES (new.id, new.description, new.location);
END;

CREATE VIRTUAL TABLE alarm_fts USING fts5(headline, event, area, content='alarm', content_rowid='id', tokenize='trigram');
INSERT INTO alarm_fts(alarm_fts) VALUES ('rebuild');
CREATE TRIGGER alarm_fts_insert AFTER INSERT ON alarm BEGIN
    INSERT INTO alarm_fts(rowid, headline, event, area) VALUES (new.id, new.headline, new.event, new.area);
END;
CREATE TRIGGER alarm_fts_delete AFTER DELETE ON alarm BEGIN
    INSERT INTO alarm_fts(alarm_fts, rowid, headline, event, area) VALUES ('delete', old.id, old.headline, old.event, old.area);
END;
CREATE TRIGGER alarm_fts_update AFTER UPDATE OF headline, event, area ON alarm BEGIN
    INSERT INTO alarm_fts(alarm_fts, rowid, headline, event, area) VALUES ('delete', old.id, old.headline, old.event, old.area);
    INSERT INTO alarm_fts(rowid, headline, event, area) VALUES (new.id, new.headline, new.event, new.area);
END;
