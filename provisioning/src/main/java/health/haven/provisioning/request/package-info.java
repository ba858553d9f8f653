/**
 * Environment requests: what a requester asked for, the state machine it moves through
 * from submission to commit, and the events published on the way.
 */
@NamedInterface("request")
package health.haven.provisioning.request;

import org.springframework.modulith.NamedInterface;
