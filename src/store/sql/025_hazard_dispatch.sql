-- A hazard is dispatched to an officer who follows its rectification up, and the officer is told
-- like one dispatched to an alarm: the outbox's message then names the hazard it is about.
ALTER TABLE hazard ADD COLUMN officer_id INTEGER REFERENCES officer(id);
ALTER TABLE delivery ADD COLUMN hazard_id INTEGER REFERENCES hazard(id);
CREATE INDEX delivery_hazard ON delivery(hazard_id, id) WHERE hazard_id IS NOT NULL;
