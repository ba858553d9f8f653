-- Environments: what runs where, shaped by the requests committed for it, and what its GitOps
-- controller last reported about it. One row per environment, created when its first change is
-- committed; its observations are an append-only history.
CREATE TABLE environment (
    id                   UUID          PRIMARY KEY,
    team_key             VARCHAR(30)   NOT NULL REFERENCES team (team_key),
    name                 VARCHAR(30)   NOT NULL,
    catalog_key          VARCHAR(63)   NOT NULL,
    catalog_version      INTEGER       NOT NULL,
    tier                 VARCHAR(20)   NOT NULL,
    environment_class    VARCHAR(20)   NOT NULL,
    region               VARCHAR(40)   NOT NULL,
    parameters           JSONB         NOT NULL,
    folder               VARCHAR(200)  NOT NULL,
    cluster              VARCHAR(63),
    controller           VARCHAR(20),
    controller_namespace VARCHAR(63),
    controller_name      VARCHAR(253),
    commit_sha           VARCHAR(40)   NOT NULL,
    -- the live status: what the controller said last, and since when it says it
    status               VARCHAR(30)   NOT NULL,
    status_message       VARCHAR(2000),
    status_since         TIMESTAMPTZ   NOT NULL,
    applied_revision     VARCHAR(40),
    sync_status          VARCHAR(40),
    health_status        VARCHAR(40),
    observed_at          TIMESTAMPTZ,
    created_at           TIMESTAMPTZ   NOT NULL,
    updated_at           TIMESTAMPTZ   NOT NULL,
    version              BIGINT        NOT NULL,
    FOREIGN KEY (catalog_key, catalog_version) REFERENCES catalog_item_version (item_key, version),
    UNIQUE (team_key, name)
);

CREATE INDEX environment_by_status ON environment (status);
CREATE INDEX environment_by_placement ON environment (cluster, controller);

CREATE TABLE environment_observation (
    id               BIGSERIAL     PRIMARY KEY,
    environment_id   UUID          NOT NULL REFERENCES environment (id),
    observed_at      TIMESTAMPTZ   NOT NULL,
    controller       VARCHAR(20)   NOT NULL,
    status           VARCHAR(30)   NOT NULL,
    applied_revision VARCHAR(40),
    sync_status      VARCHAR(40),
    health_status    VARCHAR(40),
    operation_phase  VARCHAR(40),
    message          VARCHAR(2000),
    -- the controller's conditions as it reported them: [{type, status, reason, message}]
    conditions       JSONB         NOT NULL
);

CREATE INDEX environment_observation_by_environment ON environment_observation (environment_id, observed_at);

-- Where a committed request stands with the controller: synced at which revision, and the last
-- problem the controller reported while the request waits to be done.
ALTER TABLE environment_request ADD COLUMN synced_revision VARCHAR(40);
ALTER TABLE environment_request ADD COLUMN reconcile_problem VARCHAR(2000);
