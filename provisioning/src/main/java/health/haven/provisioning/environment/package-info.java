/**
 * Environments: what runs where, from which catalog version and parameters, at which
 * commit, and how its GitOps controller last reported it (applied revision, sync,
 * health), with the history of those observations.
 */
@NamedInterface("environment")
package health.haven.provisioning.environment;

import org.springframework.modulith.NamedInterface;
