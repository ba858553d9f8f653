package health.haven.provisioning.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the audit trail as stored: the event, its place in the chain ({@code seq}),
 * the previous row's hash and its own.
 */
public record AuditRecord(long seq, Instant occurredAt, String action, String subject, String actor,
		String actingClient, Map<String, String> details, String previousHash, String hash) {

	/**
	 * Who acted, as people read it: {@code alice}, or {@code alice via ticketing-demo}.
	 */
	public String recordedAs() {
		return (this.actingClient != null) ? this.actor + " via " + this.actingClient : this.actor;
	}

}
