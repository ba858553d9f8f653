package health.haven.provisioning.request;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The ticket in the organisation's ticketing system a request was made for, e.g.
 * ServiceNow {@code CHG0031337}.
 */
@Embeddable
public record Ticket(@Column(name = "ticket_system") String system, @Column(name = "ticket_id") String id,
		@Column(name = "ticket_url") String url) {

	/**
	 * How the ticket reads in a commit trailer.
	 */
	public String reference() {
		return this.system + " " + this.id;
	}

}
