-- The office as its report names it: full name, the body it reports to (主送机关), the contact
-- for the report, and the plan the report follows (a plan key; empty until the office sets one).
ALTER TABLE office ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE office ADD COLUMN superior TEXT NOT NULL DEFAULT '';
ALTER TABLE office ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
ALTER TABLE office ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE office ADD COLUMN main_plan TEXT NOT NULL DEFAULT '';
