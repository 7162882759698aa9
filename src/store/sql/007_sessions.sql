-- Sign-in attempts (for the rate limit; the audit log records them as well), and an index so that
-- an operator's recent attempts are found without a scan.
CREATE TABLE signin_attempt (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    at   TEXT NOT NULL,
    ok   INTEGER NOT NULL,
    via  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signin_attempt_name ON signin_attempt(name, at);
