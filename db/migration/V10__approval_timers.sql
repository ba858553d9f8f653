-- Approval timers: the stage whose deciders were last reminded (a stage is reminded once), and when.
-- Expiry needs no column of its own: a request expires from its submission time and its policy.
ALTER TABLE environment_request ADD COLUMN reminded_stage VARCHAR(63);
ALTER TABLE environment_request ADD COLUMN reminded_at TIMESTAMPTZ;
