-- An operator limited to some communities or grids (a village station): no rows means the whole
-- office. A community row covers all its grids.
CREATE TABLE operator_scope (
    operator_id  INTEGER NOT NULL REFERENCES operator(id) ON DELETE CASCADE,
    community_id INTEGER REFERENCES community(id),
    grid_id      INTEGER REFERENCES grid(id),
    CHECK ((community_id IS NULL) <> (grid_id IS NULL))
);
CREATE INDEX operator_scope_operator ON operator_scope(operator_id);
