-- People who sign in through the organisation's identity provider: the issuer and the subject
-- (the provider's stable id) the portal first saw for this username. A later sign-in under the
-- same username with another subject is someone else and is refused, as is a sign-in under the
-- name of a local account: a name in the directory never takes over an account it did not create.
ALTER TABLE person ADD COLUMN directory_issuer VARCHAR(500);
ALTER TABLE person ADD COLUMN directory_subject VARCHAR(255);
CREATE UNIQUE INDEX person_directory_identity ON person (directory_issuer, directory_subject);
