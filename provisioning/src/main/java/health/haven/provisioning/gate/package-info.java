/**
 * Policy gates: what every request must satisfy before it is stored and again just before
 * its commit (image provenance, configuration and team quota, the secrets boundary, the
 * production baseline), each with a result shown like a check on a pull request.
 */
@NonNullApi
@NamedInterface("gate")
package health.haven.provisioning.gate;

import org.springframework.lang.NonNullApi;
import org.springframework.modulith.NamedInterface;
