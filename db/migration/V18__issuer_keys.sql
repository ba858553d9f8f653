-- The embedded token issuer's signing keys, kept across restarts and shared by replicas: each key (its
-- JWK, private part included) is stored encrypted under the portal's secrets key. The newest signs;
-- the keys still within their overlap are published, so tokens signed before a rotation stay valid.
CREATE TABLE issuer_key (
    key_id        VARCHAR(64)   PRIMARY KEY,
    jwk_encrypted TEXT          NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL
);
