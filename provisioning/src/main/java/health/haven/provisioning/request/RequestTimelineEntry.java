package health.haven.provisioning.request;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One step in a request's history: the state it reached, when, by whose hand and why.
 */
@Entity
@Table(name = "request_event")
public class RequestTimelineEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Instant occurredAt;

	@Enumerated(EnumType.STRING)
	private RequestState state;

	private String actor;

	private String note;

	protected RequestTimelineEntry() {
	}

	RequestTimelineEntry(Instant occurredAt, RequestState state, String actor, String note) {
		this.occurredAt = occurredAt;
		this.state = state;
		this.actor = actor;
		this.note = note;
	}

	public Instant getOccurredAt() {
		return this.occurredAt;
	}

	public RequestState getState() {
		return this.state;
	}

	public String getActor() {
		return this.actor;
	}

	public String getNote() {
		return this.note;
	}

}
