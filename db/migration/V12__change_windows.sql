-- Change windows: freezes platform administrators define per environment class, weekly (in the
-- organisation's time zone, e.g. Friday 16:00 to Monday 06:00) or between two dates (a month-end
-- freeze). A request approved inside a freeze waits, approved, until it ends (held_until); an
-- emergency request, under its own stricter policy, does not wait.
CREATE TABLE freeze_window (
    id                UUID          PRIMARY KEY,
    environment_class VARCHAR(20)   NOT NULL,
    kind              VARCHAR(10)   NOT NULL,
    starts_day        VARCHAR(9),
    starts_time       TIME,
    ends_day          VARCHAR(9),
    ends_time         TIME,
    starts_at         TIMESTAMPTZ,
    ends_at           TIMESTAMPTZ,
    reason            VARCHAR(500)  NOT NULL,
    created_by        VARCHAR(200)  NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    CHECK (kind IN ('WEEKLY', 'DATED')),
    CHECK (kind <> 'WEEKLY' OR (starts_day IS NOT NULL AND starts_time IS NOT NULL AND ends_day IS NOT NULL
                                AND ends_time IS NOT NULL)),
    CHECK (kind <> 'DATED' OR (starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at))
);

ALTER TABLE environment_request ADD COLUMN emergency BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE environment_request ADD COLUMN held_until TIMESTAMPTZ;
CREATE INDEX environment_request_held ON environment_request (held_until) WHERE held_until IS NOT NULL;
ALTER TABLE environment_request ADD COLUMN held_reason VARCHAR(2000);
