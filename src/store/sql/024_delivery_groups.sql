-- Grouping (Alertmanager's group_by / group_wait / repeat_interval): a message may carry several
-- alarms of one group (the same values of the route's group_by fields); it waits group_wait for
-- more before it goes, and a group still open is told again after repeat_interval.
ALTER TABLE delivery ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
CREATE TABLE delivery_member (
    delivery_id INTEGER NOT NULL REFERENCES delivery(id),
    alarm_id    INTEGER NOT NULL REFERENCES alarm(id),
    PRIMARY KEY (delivery_id, alarm_id)
);
CREATE INDEX delivery_member_alarm ON delivery_member(alarm_id);
CREATE INDEX delivery_group ON delivery(receiver, group_key, status) WHERE group_key <> '';
