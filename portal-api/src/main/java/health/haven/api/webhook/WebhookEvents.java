package health.haven.api.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.request.ApprovalReminderDue;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.RequestView;

/**
 * Turns what the audit trail records into callbacks: a request's change of state is
 * {@code request.state_changed}, an environment's change of live status
 * {@code environment.status_changed}, a stage that waited too long
 * {@code request.reminder_due}. Runs in the transaction of the change, before its commit,
 * so that a change and its deliveries are kept together or not at all.
 */
@Component
class WebhookEvents {

	private static final String REQUEST = "request/";

	private static final String ENVIRONMENT = "environment/";

	private final Webhooks webhooks;

	private final EnvironmentRequests requests;

	WebhookEvents(Webhooks webhooks, EnvironmentRequests requests) {
		this.webhooks = webhooks;
		this.requests = requests;
	}

	/**
	 * A stage waited its policy's {@code remindAfter}: its deciders are reminded, through
	 * the ticketing system too.
	 */
	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(ApprovalReminderDue due) {
		this.webhooks.publish(Webhooks.REQUEST_REMINDER_DUE, () -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("requestId", due.requestId());
			data.put("team", due.team());
			data.put("environment", due.environment());
			data.put("stage", due.stage());
			data.put("deciders", due.deciders());
			data.put("waitingSince", due.waitingSince().toString());
			data.put("href", "/api/v1/requests/" + due.requestId());
			return new Webhooks.Happened(due.team(), data, due.remindedAt());
		});
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(AuditEvent event) {
		if ("request.state-changed".equals(event.action()) && event.subject().startsWith(REQUEST)) {
			this.webhooks.publish(Webhooks.REQUEST_STATE_CHANGED, () -> requestChanged(event));
		}
		else if ("environment.status-changed".equals(event.action()) && event.subject().startsWith(ENVIRONMENT)) {
			this.webhooks.publish(Webhooks.ENVIRONMENT_STATUS_CHANGED, () -> environmentChanged(event));
		}
	}

	private Webhooks.Happened requestChanged(AuditEvent event) {
		RequestView request = this.requests.get(UUID.fromString(event.subject().substring(REQUEST.length())));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("requestId", request.id());
		data.put("requestType", request.type());
		data.put("team", request.team());
		data.put("environment", request.environment());
		data.put("environmentClass", request.environmentClass());
		data.put("from", event.details().get("from"));
		data.put("to", event.details().get("to"));
		data.put("note", event.details().get("note"));
		data.put("actor", event.actor());
		if (request.ticket() != null) {
			data.put("ticket", request.ticket());
		}
		if (request.commit() != null) {
			data.put("commit", request.commit().sha());
		}
		data.put("href", "/api/v1/requests/" + request.id());
		return new Webhooks.Happened(request.team(), data, event.occurredAt());
	}

	private static Webhooks.Happened environmentChanged(AuditEvent event) {
		String[] key = event.subject().substring(ENVIRONMENT.length()).split("/", 2);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("team", key[0]);
		data.put("environment", key[1]);
		data.put("from", event.details().get("from"));
		data.put("to", event.details().get("to"));
		data.put("message", event.details().get("message"));
		data.put("href", "/api/v1/environments/" + key[0] + "/" + key[1]);
		return new Webhooks.Happened(key[0], data, event.occurredAt());
	}

}
