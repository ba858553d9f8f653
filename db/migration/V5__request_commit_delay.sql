-- Why an approved request's change is not in the GitOps repository yet, when the writer tries again,
-- and how many attempts failed: a passing cause (an unreachable remote) never fails a request.
ALTER TABLE environment_request ADD COLUMN delay_reason VARCHAR(2000);
ALTER TABLE environment_request ADD COLUMN delay_attempts INTEGER;
ALTER TABLE environment_request ADD COLUMN next_attempt_at TIMESTAMPTZ;
