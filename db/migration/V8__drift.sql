-- What the GitOps writer expects in each environment folder: the tree it wrote last (or a hand edit a
-- person accepted), and the tree it rendered last (the base a later change is merged from when an
-- accepted edit must survive it). A folder that holds anything else has drifted: no change is
-- written over it until a person accepts or discards the edit.
CREATE TABLE gitops_folder (
    folder         VARCHAR(200) PRIMARY KEY,
    team_key       VARCHAR(30)  NOT NULL,
    environment    VARCHAR(30)  NOT NULL,
    expected_tree  VARCHAR(40)  NOT NULL,
    rendered_tree  VARCHAR(40)  NOT NULL,
    written_at     TIMESTAMPTZ  NOT NULL,
    -- the hand-edited tree found there, while the edit waits for a decision
    drift_tree     VARCHAR(40),
    drift_at       TIMESTAMPTZ,
    -- a tree a person decided may be overwritten (the edit they discarded)
    discard_tree   VARCHAR(40)
);

-- A change the writer holds because its folder was edited by hand (or its render conflicts with an
-- edit a person accepted): not due until a person decides.
ALTER TABLE gitops_change ADD COLUMN held_for_drift BOOLEAN NOT NULL DEFAULT FALSE;

-- What a queued change is: a request's change, or the restore of what the portal wrote after a
-- person discarded a hand edit (no request of its own: its commit carries a Haven-Restore trailer
-- and is reported to the environment). A restore writes back the tree restore_tree.
ALTER TABLE gitops_change ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'REQUEST';
ALTER TABLE gitops_change ADD COLUMN restore_tree VARCHAR(40);

CREATE INDEX gitops_change_folder ON gitops_change (folder, state);

-- The environment shows a hand edit of its folder, with the diff, until a person decides; the last
-- decision stays, with who made it and why.
ALTER TABLE environment ADD COLUMN drift_detected_at TIMESTAMPTZ;
ALTER TABLE environment ADD COLUMN drift_diff TEXT;
ALTER TABLE environment ADD COLUMN drift_reason VARCHAR(2000);
ALTER TABLE environment ADD COLUMN drift_conflict BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE environment ADD COLUMN drift_waiting_request UUID;
ALTER TABLE environment ADD COLUMN drift_decision VARCHAR(20);
ALTER TABLE environment ADD COLUMN drift_decided_by VARCHAR(200);
ALTER TABLE environment ADD COLUMN drift_decided_at TIMESTAMPTZ;
ALTER TABLE environment ADD COLUMN drift_comment VARCHAR(2000);
