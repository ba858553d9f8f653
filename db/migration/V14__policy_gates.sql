-- Policy gates: each request keeps its gates' results (pass / warn / fail with the reason) from its
-- submission, and what its manifests take from its team's quota (CPU and memory requested at most,
-- storage claimed), which the quota gate of the team's later requests adds up.
ALTER TABLE environment_request
    ADD COLUMN gate_results       JSONB,
    ADD COLUMN gates_checked_at   TIMESTAMPTZ,
    ADD COLUMN footprint_cpu_millis BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN footprint_memory_mi  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN footprint_storage_gi BIGINT NOT NULL DEFAULT 0;
