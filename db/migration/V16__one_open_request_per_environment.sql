-- Day-2 changes (UPDATE, DECOMMISSION) come one at a time per environment: while one request of an
-- environment is open (not yet committed, refused, withdrawn, expired or failed), the next is refused.
-- The portal checks it first; this index decides between two submitted at the same moment.
CREATE UNIQUE INDEX environment_request_one_open ON environment_request (team_key, environment)
    WHERE state IN ('SUBMITTED', 'PENDING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED');
