package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.UUID;

/**
 * An environment's folder in the GitOps repository holds something the portal did not
 * write (a hand edit): nothing is written over it until a person accepts or discards the
 * edit.
 *
 * <p>
 * Published by gitops-writer (its periodic drift check, or the writer finding it before a
 * change) through the event publication registry; {@link Environments} shows it on the
 * environment. Delivered at least once.
 *
 * <p>
 * A conflict is the other case that needs a person: a change cannot be merged onto a hand
 * edit accepted before, because both touch the same lines; the edit has to be discarded
 * for the change to be written.
 *
 * @param diff what changed, from what the portal expects to what the folder holds (for a
 * conflict: from what the portal rendered to the accepted edit)
 * @param reason what the portal does about it, in words
 * @param conflict whether a change cannot be merged onto an accepted edit
 * @param waitingRequest the request whose change waits for the decision, if any
 */
public record DriftDetected(String team, String environment, String diff, String reason, boolean conflict,
		Instant detectedAt, UUID waitingRequest) {

}
