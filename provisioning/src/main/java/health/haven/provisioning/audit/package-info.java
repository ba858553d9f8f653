/**
 * The audit trail: an append-only, hash-chained record of every state change, decision,
 * sign-in, administrative action and catalog change. Every other package publishes an
 * {@link health.haven.provisioning.audit.AuditEvent}; the trail appends it in the
 * publisher's own transaction, so a change and its record are committed together or not
 * at all.
 */
@NamedInterface("audit")
package health.haven.provisioning.audit;

import org.springframework.modulith.NamedInterface;
