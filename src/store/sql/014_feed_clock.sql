-- How far ahead of this machine's clock the newest items of a feed's last round were dated, in
-- seconds, when beyond the tolerance (NULL otherwise): a platform whose clock runs ahead puts its
-- alarms on top of the queue for hours, and the duty officer should know why.
ALTER TABLE feed ADD COLUMN ahead_seconds INTEGER;
