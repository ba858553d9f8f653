-- A person may raise a request for someone else (a service desk agent for a requester): the request
-- is the requester's, and the person who submitted it is kept apart, as neither may decide on it.
-- Empty where the requester submitted it themselves (every request before this version).
ALTER TABLE environment_request ADD COLUMN submitted_by_person VARCHAR(200);
