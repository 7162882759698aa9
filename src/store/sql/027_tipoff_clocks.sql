-- The tip-off clocks as Deadlines sources read in due order from an index, either way, instead of
-- sorting every tip-off for each page.
CREATE INDEX tipoff_verify_clock ON tipoff(verify_due, id) WHERE status IN ('accepted', 'verifying');
CREATE INDEX tipoff_reply_clock ON tipoff(reply_due, id) WHERE status IN ('substantiated', 'unsubstantiated');
