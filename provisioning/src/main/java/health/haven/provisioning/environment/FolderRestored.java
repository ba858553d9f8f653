package health.haven.provisioning.environment;

import java.time.Instant;

/**
 * After a discarded hand edit, the portal wrote back what it had written before, at
 * {@code commitSha}.
 *
 * <p>
 * Published by gitops-writer once the commit is on the branch; {@link Environments} makes
 * it the environment's current commit.
 */
public record FolderRestored(String team, String environment, String commitSha, Instant restoredAt) {

}
