-- A measure keeps both frequencies its plan gives (the general one in `every`, the high-hazard
-- sectors' in `every_high_hazard`), and says when it is addressed to district bodies (`level`
-- 'district'), which a street's or town's checklist leaves out.
ALTER TABLE plan_measure ADD COLUMN every_high_hazard TEXT CHECK (every_high_hazard IN ('month', 'quarter', 'half_year', 'year'));
ALTER TABLE plan_measure ADD COLUMN level TEXT NOT NULL DEFAULT '';
