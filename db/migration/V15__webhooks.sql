-- Callbacks to ticketing systems: a client subscribes a URL to events; each event that concerns a
-- team the client serves becomes a delivery row, written in the transaction of the change itself (an
-- outbox), and a Quartz job sends the due ones, signed with the subscription's secret, and retries a
-- failed one with exponential backoff. The secret is stored encrypted (AES-GCM, key outside the
-- database) and never returned.
CREATE TABLE webhook_subscription (
    id               UUID          PRIMARY KEY,
    client_id        VARCHAR(200)  NOT NULL,
    url              VARCHAR(2000) NOT NULL,
    events           VARCHAR(200)  NOT NULL,
    description      VARCHAR(500),
    secret_encrypted VARCHAR(1000) NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    deleted_at       TIMESTAMPTZ
);

CREATE INDEX webhook_subscription_client ON webhook_subscription (client_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_delivery (
    id               UUID          PRIMARY KEY,
    subscription_id  UUID          NOT NULL REFERENCES webhook_subscription (id),
    event_type       VARCHAR(100)  NOT NULL,
    payload          TEXT          NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_status      INTEGER,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMPTZ   NOT NULL,
    delivered_at     TIMESTAMPTZ,
    CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'))
);

CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, created_at DESC);
