package health.haven.api.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import health.haven.api.secret.SecretBox;
import health.haven.api.problem.ResourceNotFoundException;
import health.haven.api.security.ApiClientProperties;
import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.request.InvalidRequestException;

/**
 * Subscriptions of callbacks, and the deliveries events become: each event a client's
 * subscription takes, about a team the client serves, is a delivery row written in the
 * transaction of the change (an outbox: nothing is lost if the portal stops, and no
 * receiver slows a request down). {@link WebhookSender} sends them.
 */
@Service
@Transactional
public class Webhooks {

	public static final String REQUEST_STATE_CHANGED = "request.state_changed";

	public static final String ENVIRONMENT_STATUS_CHANGED = "environment.status_changed";

	public static final String REQUEST_REMINDER_DUE = "request.reminder_due";

	static final Set<String> EVENTS = Set.of(REQUEST_STATE_CHANGED, ENVIRONMENT_STATUS_CHANGED, REQUEST_REMINDER_DUE);

	static final int MIN_SECRET_LENGTH = 24;

	static final int MAX_SUBSCRIPTIONS_PER_CLIENT = 50;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	private final TargetAddresses targets;

	private final ApiClientProperties clients;

	private final Clock clock;

	Webhooks(JdbcClient jdbc, SecretBox secrets, TargetAddresses targets, ApiClientProperties clients, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.targets = targets;
		this.clients = clients;
		this.clock = clock;
	}

	/**
	 * What a client sends to subscribe; nothing here is trusted yet.
	 */
	public record NewSubscription(String url, List<String> events, String secret, String description) {
	}

	/**
	 * A subscription as its client reads it: never its secret.
	 */
	public record Subscription(UUID id, String client, String url, List<String> events, String description,
			Instant createdAt) {
	}

	/**
	 * One delivery of an event to a subscription, and how its attempts went.
	 */
	public record Delivery(UUID id, UUID subscription, String event, String state, int attempts, Integer lastStatus,
			String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, String payload) {
	}

	public Subscription subscribe(String client, NewSubscription subscription) {
		List<FieldProblem> problems = new java.util.ArrayList<>();
		if (subscription.url() == null || subscription.url().isBlank() || subscription.url().length() > 2000) {
			problems.add(new FieldProblem("url", "A callback URL of at most 2000 characters is required"));
		}
		else {
			this.targets.refusal(subscription.url()).ifPresent((why) -> problems.add(new FieldProblem("url", why)));
		}
		if (subscription.events() == null || subscription.events().isEmpty()
				|| !EVENTS.containsAll(subscription.events())) {
			problems.add(new FieldProblem("events",
					"Name one or more of " + String.join(", ", EVENTS.stream().sorted().toList())));
		}
		if (subscription.secret() == null || subscription.secret().length() < MIN_SECRET_LENGTH
				|| subscription.secret().length() > 256) {
			problems.add(new FieldProblem("secret", "A secret of " + MIN_SECRET_LENGTH
					+ " to 256 characters is required: deliveries are signed with it (Haven-Signature)"));
		}
		if (subscription.description() != null && subscription.description().length() > 500) {
			problems.add(new FieldProblem("description", "The description must be at most 500 characters long"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		long existing = this.jdbc
			.sql("select count(*) from webhook_subscription where client_id = ? and deleted_at is null")
			.param(client)
			.query(Long.class)
			.single();
		if (existing >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
			throw InvalidRequestException.of("url", "A client holds at most " + MAX_SUBSCRIPTIONS_PER_CLIENT
					+ " subscriptions; remove one it no longer needs");
		}
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		List<String> events = subscription.events().stream().distinct().sorted().toList();
		this.jdbc.sql("""
				insert into webhook_subscription (id, client_id, url, events, description, secret_encrypted, created_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, client, subscription.url(), String.join(",", events), subscription.description(),
					this.secrets.encrypt(subscription.secret()), Timestamp.from(now))
			.update();
		return new Subscription(id, client, subscription.url(), events, subscription.description(), now);
	}

	/**
	 * The client's subscriptions, or every client's for the platform ({@code admin}).
	 */
	@Transactional(readOnly = true)
	public List<Subscription> list(String client, boolean everyClient) {
		return this.jdbc.sql("""
				select id, client_id, url, events, description, created_at from webhook_subscription
				where deleted_at is null and (? or client_id = ?) order by created_at, id""")
			.params(everyClient, client)
			.query((row, number) -> new Subscription(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
					Arrays.asList(row.getString(4).split(",")), row.getString(5), row.getTimestamp(6).toInstant()))
			.list();
	}

	@Transactional(readOnly = true)
	public Subscription get(UUID id, String client, boolean everyClient) {
		return list(client, everyClient).stream()
			.filter((subscription) -> subscription.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("No webhook subscription " + id));
	}

	/**
	 * Removes a subscription; its deliveries still to send are cancelled, its log stays.
	 */
	public void delete(UUID id, String client, boolean everyClient) {
		get(id, client, everyClient);
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("update webhook_subscription set deleted_at = ? where id = ?").params(now, id).update();
		this.jdbc
			.sql("update webhook_delivery set state = 'CANCELLED', next_attempt_at = null "
					+ "where subscription_id = ? and state = 'PENDING'")
			.param(id)
			.update();
	}

	/**
	 * A subscription's deliveries, newest first.
	 */
	@Transactional(readOnly = true)
	public List<Delivery> deliveries(UUID subscription, String client, boolean everyClient, int limit) {
		get(subscription, client, everyClient);
		return this.jdbc.sql("""
				select id, subscription_id, event_type, state, attempts, last_status, last_error, created_at,
				next_attempt_at, delivered_at, payload from webhook_delivery where subscription_id = ?
				order by created_at desc, id desc limit ?""")
			.params(subscription, limit)
			.query((row, number) -> new Delivery(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
					row.getString(3), row.getString(4), row.getInt(5), row.getObject(6, Integer.class),
					row.getString(7), row.getTimestamp(8).toInstant(), instant(row.getTimestamp(9)),
					instant(row.getTimestamp(10)), row.getString(11)))
			.list();
	}

	/**
	 * What an event says: the team it concerns, its data, when it happened.
	 */
	record Happened(String team, Map<String, Object> data, Instant occurredAt) {
	}

	/**
	 * Writes a delivery of the event for each subscription that takes it and whose client
	 * serves the team, in the caller's transaction. Most changes concern no subscription:
	 * the event is only made ({@code happened}) when one takes its type.
	 * @return how many deliveries were written
	 */
	int publish(String event, Supplier<Happened> happened) {
		List<Map.Entry<UUID, String>> subscribers = this.jdbc
			.sql("select id, client_id from webhook_subscription where deleted_at is null "
					+ "and (',' || events || ',') like ?")
			.param("%," + event + ",%")
			.query((row, number) -> Map.entry(row.getObject(1, UUID.class), row.getString(2)))
			.list();
		if (subscribers.isEmpty()) {
			return 0;
		}
		Happened what = happened.get();
		List<Map.Entry<UUID, String>> serving = subscribers.stream()
			.filter((subscriber) -> this.clients.serves(subscriber.getValue(), what.team()))
			.toList();
		if (serving.isEmpty()) {
			return 0;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("id", UUID.randomUUID());
		payload.put("type", event);
		payload.put("occurredAt", what.occurredAt().toString());
		payload.put("data", what.data());
		String body = JSON.writeValueAsString(payload);
		Timestamp now = Timestamp.from(this.clock.instant());
		for (Map.Entry<UUID, String> subscriber : serving) {
			this.jdbc
				.sql("""
						insert into webhook_delivery (id, subscription_id, event_type, payload, state, next_attempt_at, created_at)
						values (?, ?, ?, ?, 'PENDING', ?, ?)""")
				.params(UUID.randomUUID(), subscriber.getKey(), event, body, now, now)
				.update();
		}
		return serving.size();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
