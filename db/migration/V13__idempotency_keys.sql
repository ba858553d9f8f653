-- Idempotency keys: a POST sent with an Idempotency-Key is done once per client and key. The row is
-- written in the transaction of the change itself, so a change and the response that acknowledged it
-- are kept together or not at all; a retry with the same key and body gets the stored response, a
-- retry with another body is refused. Kept at least 24 hours (haven.api.idempotency.keep-for).
CREATE TABLE idempotency_key (
    client_id        VARCHAR(200)  NOT NULL,
    idempotency_key  VARCHAR(255)  NOT NULL,
    fingerprint      CHAR(64)      NOT NULL,
    method           VARCHAR(10)   NOT NULL,
    path             VARCHAR(2000) NOT NULL,
    response_status  INTEGER,
    response_headers JSONB,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (client_id, idempotency_key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
