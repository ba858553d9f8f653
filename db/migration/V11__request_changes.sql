-- REQUEST_CHANGES: an approver sends a request back to its requester, who amends and resubmits it.
-- The approvals given before count no more: each resubmission starts a new approval round, and a
-- decision belongs to the round it was made in (earlier rounds stay on record).
ALTER TABLE approval_decision ALTER COLUMN decision TYPE VARCHAR(20);
ALTER TABLE approval_decision ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE environment_request ADD COLUMN approval_round INTEGER NOT NULL DEFAULT 1;

-- one person counts once per round (a new round may hear them again)
DROP INDEX approval_decision_once_per_person;
CREATE UNIQUE INDEX approval_decision_once_per_person
    ON approval_decision (request_id, round, decided_by) WHERE automatic = FALSE;
