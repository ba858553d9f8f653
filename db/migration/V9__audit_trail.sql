-- The audit trail: every state change, decision, sign-in (and failed one), administrative action and
-- catalog change, one row each, appended and never changed. Each row holds a SHA-256 over its own
-- content and the previous row's hash, so a row altered or removed later breaks the chain from there
-- on (GET /api/v1/audit/verify finds the first broken link). Rows are numbered without gaps by the
-- writer, which appends under a transaction-scoped advisory lock.
CREATE TABLE audit_event (
    seq           BIGINT        PRIMARY KEY,
    occurred_at   TIMESTAMPTZ   NOT NULL,
    -- what happened, e.g. request.submitted, request.decided, sign-in.failed, environment.drift-decided
    action        VARCHAR(64)   NOT NULL,
    -- what it happened to, e.g. request/<id>, environment/finance/erp, person/alice, catalog/odoo@3
    subject       VARCHAR(200)  NOT NULL,
    -- who did it: a person, or the part of the portal that acted on its own (gitops-writer, a policy)
    actor         VARCHAR(200)  NOT NULL,
    -- the machine client that acted for the person, if any
    acting_client VARCHAR(100),
    -- the rest, as canonical JSON (keys sorted); hashed exactly as stored
    details       TEXT          NOT NULL,
    previous_hash CHAR(64)      NOT NULL,
    hash          CHAR(64)      NOT NULL UNIQUE
);

CREATE INDEX audit_event_subject ON audit_event (subject, seq);
CREATE INDEX audit_event_actor ON audit_event (actor, seq);
CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at, seq);

-- Append-only, enforced by the database for everyone who connects as the portal: an update, a delete
-- or a truncate fails. (Someone who may drop triggers may alter rows; the hash chain shows that.)
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
