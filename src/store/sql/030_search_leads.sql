-- One or two characters typed into `/` are below a trigram (010, 011): they find the texts that
-- begin with them, through these indexes of each searched text's first two characters (folded as
-- lower() folds, ASCII only, as the query is), never by a scan (issue 20).
CREATE INDEX unit_lead_name ON unit(lower(substr(name, 1, 2)));
CREATE INDEX unit_lead_address ON unit(lower(substr(address, 1, 2)));
CREATE INDEX unit_lead_uscc ON unit(lower(substr(uscc, 1, 2)));
CREATE INDEX hazard_lead_description ON hazard(lower(substr(description, 1, 2)));
CREATE INDEX hazard_lead_measures ON hazard(lower(substr(measures, 1, 2)));
CREATE INDEX tipoff_lead_description ON tipoff(lower(substr(description, 1, 2)));
CREATE INDEX tipoff_lead_location ON tipoff(lower(substr(location, 1, 2)));
CREATE INDEX alarm_lead_headline ON alarm(lower(substr(headline, 1, 2)));
CREATE INDEX alarm_lead_event ON alarm(lower(substr(event, 1, 2)));
CREATE INDEX alarm_lead_area ON alarm(lower(substr(area, 1, 2)));
