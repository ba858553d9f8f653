-- The GitOps writer's record of each approved change (ARCHITECTURE.md: "commit and observation
-- records"): queued in the transaction that takes the approval, committed once by the one writer,
-- retried with backoff while the repository cannot take it. A change is never lost between the
-- approval and the push, and never written twice: before a commit is published its id is recorded
-- here, so that after a crash the writer finds it on the branch instead of committing again.
CREATE TABLE gitops_change (
    request_id      UUID          PRIMARY KEY,
    folder          VARCHAR(200)  NOT NULL,
    -- repository path -> file text; cleared once committed (the repository holds them then)
    files           JSONB,
    message         TEXT          NOT NULL,
    -- where the environment runs and which GitOps controller object reconciles it
    placement       JSONB         NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    queued_at       TIMESTAMPTZ   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      VARCHAR(2000),
    -- the commit made for it and about to be published; found on the branch after a crash
    planned_sha     VARCHAR(40),
    commit_sha      VARCHAR(40),
    committed_at    TIMESTAMPTZ
);

CREATE INDEX gitops_change_due ON gitops_change (next_attempt_at, queued_at) WHERE state = 'QUEUED';
