package health.haven.api.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.api.secret.SecretBox;

/**
 * Sends the due deliveries: each as a POST of its JSON payload, signed with HMAC-SHA256
 * over the timestamp and the body ({@code Haven-Signature: t=<unix seconds>,v1=<hex>}),
 * named by {@code Haven-Delivery} (a receiver drops one it has seen: a delivery may come
 * twice if the portal stops between sending and recording it). A 2xx answer delivers it;
 * anything else is tried again after an exponential backoff, until {@code max-attempts}.
 * Deliveries are claimed for a while before they are sent, so that no two replicas send
 * the same one, and are sent concurrently with a timeout each: a slow receiver delays
 * only its own deliveries.
 */
public class WebhookSender {

	public static final String SIGNATURE = "Haven-Signature";

	public static final String DELIVERY = "Haven-Delivery";

	public static final String EVENT = "Haven-Event";

	static final int BATCH = 50;

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private static final Duration CLAIM = Duration.ofMinutes(2);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SecretBox secrets;

	private final TargetAddresses targets;

	private final WebhookProperties properties;

	private final Clock clock;

	private final HttpClient http;

	WebhookSender(JdbcClient jdbc, TransactionTemplate transactions, SecretBox secrets, TargetAddresses targets,
			WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.targets = targets;
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Sends every delivery that is due now, and records how each went.
	 * @return how many were sent and acknowledged
	 */
	public int deliverDue() {
		List<Due> due = claim();
		List<CompletableFuture<Outcome>> sent = due.stream().map(this::send).toList();
		int delivered = 0;
		for (int i = 0; i < due.size(); i++) {
			Outcome outcome = sent.get(i).join();
			record(due.get(i), outcome);
			if (outcome.delivered()) {
				delivered++;
			}
		}
		return delivered;
	}

	private List<Due> claim() {
		return this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			List<Due> due = this.jdbc.sql("""
					select d.id, d.event_type, d.payload, d.attempts, s.url, s.secret_encrypted
					from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
					where d.state = 'PENDING' and d.next_attempt_at <= ?
					order by d.next_attempt_at limit ? for update of d skip locked""")
				.params(Timestamp.from(now), BATCH)
				.query((row, number) -> new Due(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
						row.getInt(4), row.getString(5), row.getString(6)))
				.list();
			for (Due delivery : due) {
				this.jdbc.sql("update webhook_delivery set next_attempt_at = ? where id = ?")
					.params(Timestamp.from(now.plus(CLAIM)), delivery.id())
					.update();
			}
			return due;
		});
	}

	private CompletableFuture<Outcome> send(Due delivery) {
		Optional<String> refused = this.targets.refusal(delivery.url());
		if (refused.isPresent()) {
			return CompletableFuture.completedFuture(new Outcome(false, null, "Not sent: " + refused.get()));
		}
		long timestamp = this.clock.instant().getEpochSecond();
		String signature = "t=" + timestamp + ",v1="
				+ sign(this.secrets.decrypt(delivery.secret()), timestamp + "." + delivery.payload());
		HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Haven-Webhooks/1")
			.header(SIGNATURE, signature)
			.header(DELIVERY, delivery.id().toString())
			.header(EVENT, delivery.event())
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
			.thenApply((response) -> new Outcome(response.statusCode() / 100 == 2, response.statusCode(),
					(response.statusCode() / 100 == 2) ? null : "The receiver answered " + response.statusCode()))
			.exceptionally((failure) -> new Outcome(false, null,
					"Not received: " + ((failure.getCause() != null) ? failure.getCause() : failure)));
	}

	private void record(Due delivery, Outcome outcome) {
		Instant now = this.clock.instant();
		int attempts = delivery.attempts() + 1;
		if (outcome.delivered()) {
			this.jdbc.sql("""
					update webhook_delivery set state = 'DELIVERED', attempts = ?, last_status = ?, last_error = null,
					delivered_at = ?, next_attempt_at = null where id = ? and state = 'PENDING'""")
				.params(attempts, outcome.status(), Timestamp.from(now), delivery.id())
				.update();
			return;
		}
		boolean givenUp = attempts >= this.properties.maxAttempts();
		String error = (outcome.error().length() > 1000) ? outcome.error().substring(0, 1000) : outcome.error();
		this.jdbc.sql("""
				update webhook_delivery set state = ?, attempts = ?, last_status = ?, last_error = ?,
				next_attempt_at = ? where id = ? and state = 'PENDING'""")
			.params(givenUp ? "FAILED" : "PENDING", attempts, outcome.status(), error,
					givenUp ? null : Timestamp.from(now.plus(this.properties.backoff(attempts))), delivery.id())
			.update();
		if (givenUp) {
			logger.warn("Gave up delivering {} {} to {} after {} attempts: {}", delivery.event(), delivery.id(),
					delivery.url(), attempts, error);
		}
	}

	/**
	 * The signature a receiver computes to check a delivery: HMAC-SHA256 with the
	 * subscription's secret over {@code <t>.<body>}, in hex.
	 */
	public static String sign(String secret, String signed) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java", ex);
		}
	}

	private record Due(UUID id, String event, String payload, int attempts, String url, String secret) {
	}

	private record Outcome(boolean delivered, Integer status, String error) {
	}

}
