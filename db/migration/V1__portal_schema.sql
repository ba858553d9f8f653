-- Haven portal schema: people and teams, the versioned catalog, environment requests and their approvals.
-- Flyway owns every table (ARCHITECTURE.md); Hibernate only validates.

CREATE TABLE team (
    team_key     VARCHAR(30)  PRIMARY KEY,
    display_name VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

CREATE TABLE person (
    username      VARCHAR(64)  PRIMARY KEY,
    display_name  VARCHAR(200) NOT NULL,
    -- a one-way hash (bcrypt) for local accounts; NULL for people who only sign in through an IdP
    password_hash VARCHAR(200),
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL
);

CREATE TABLE person_role (
    username VARCHAR(64) NOT NULL REFERENCES person (username) ON DELETE CASCADE,
    role     VARCHAR(32) NOT NULL,
    PRIMARY KEY (username, role)
);

CREATE TABLE team_member (
    username VARCHAR(64) NOT NULL REFERENCES person (username) ON DELETE CASCADE,
    team_key VARCHAR(30) NOT NULL REFERENCES team (team_key),
    PRIMARY KEY (username, team_key)
);

CREATE TABLE portal_setting (
    setting_key   VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);

-- One row per version of a catalog item; a version's definition never changes once stored.
CREATE TABLE catalog_item_version (
    id         BIGSERIAL    PRIMARY KEY,
    item_key   VARCHAR(63)  NOT NULL,
    version    INTEGER      NOT NULL,
    name       VARCHAR(200) NOT NULL,
    checksum   VARCHAR(64)  NOT NULL,
    -- json, not jsonb: the text is kept as written, key order included (forms follow it)
    definition JSON         NOT NULL,
    source     VARCHAR(500) NOT NULL,
    loaded_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (item_key, version)
);

CREATE TABLE environment_request (
    id                UUID         PRIMARY KEY,
    request_type      VARCHAR(20)  NOT NULL,
    catalog_key       VARCHAR(63)  NOT NULL,
    catalog_version   INTEGER      NOT NULL,
    team_key          VARCHAR(30)  NOT NULL REFERENCES team (team_key),
    environment       VARCHAR(30)  NOT NULL,
    environment_class VARCHAR(20)  NOT NULL,
    region            VARCHAR(40)  NOT NULL,
    parameters        JSONB        NOT NULL,
    ticket_system     VARCHAR(40),
    ticket_id         VARCHAR(100),
    ticket_url        VARCHAR(1000),
    requested_by      VARCHAR(64)  NOT NULL,
    submitted_by      VARCHAR(200) NOT NULL,
    state             VARCHAR(20)  NOT NULL,
    state_reason      VARCHAR(2000),
    failed_step       VARCHAR(40),
    commit_sha        VARCHAR(40),
    commit_path       VARCHAR(200),
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    version           BIGINT       NOT NULL,
    FOREIGN KEY (catalog_key, catalog_version) REFERENCES catalog_item_version (item_key, version)
);

-- One open or successful CREATE per environment: a second submission of the same environment is refused
-- even when two arrive at the same moment.
CREATE UNIQUE INDEX environment_request_one_create
    ON environment_request (team_key, environment)
    WHERE request_type = 'CREATE' AND state NOT IN ('REJECTED', 'CANCELLED', 'EXPIRED');

CREATE INDEX environment_request_by_state ON environment_request (state, created_at);
CREATE INDEX environment_request_by_requester ON environment_request (requested_by, created_at);

CREATE TABLE approval_decision (
    id          BIGSERIAL    PRIMARY KEY,
    request_id  UUID         NOT NULL REFERENCES environment_request (id),
    stage       VARCHAR(63)  NOT NULL,
    decision    VARCHAR(10)  NOT NULL,
    decided_by  VARCHAR(100) NOT NULL,
    -- the machine client that carried the decision for decided_by, if any
    acting_client VARCHAR(100),
    role        VARCHAR(32),
    automatic   BOOLEAN      NOT NULL,
    comment     VARCHAR(2000),
    decided_at  TIMESTAMPTZ  NOT NULL
);

-- Separation of duties, enforced by the database too: one person counts once per request.
CREATE UNIQUE INDEX approval_decision_once_per_person
    ON approval_decision (request_id, decided_by) WHERE automatic = FALSE;

-- What happened to a request, in order: the timeline shown to users and auditors.
CREATE TABLE request_event (
    id         BIGSERIAL     PRIMARY KEY,
    request_id UUID          NOT NULL REFERENCES environment_request (id),
    occurred_at TIMESTAMPTZ  NOT NULL,
    state      VARCHAR(20)   NOT NULL,
    actor      VARCHAR(200)  NOT NULL,
    note       VARCHAR(2000)
);
CREATE INDEX request_event_by_request ON request_event (request_id, id);
