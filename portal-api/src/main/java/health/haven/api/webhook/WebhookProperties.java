package health.haven.api.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callbacks are sent.
 *
 * @param allowedNetworks networks inside the organisation (CIDR) an administrator allows
 * callbacks into; loopback, link-local and private addresses are refused otherwise
 * @param deliverEvery how often due deliveries are sent
 * @param firstRetry the wait before the first retry; each further one waits twice as
 * long, up to {@code maxBackoff}
 * @param maxAttempts attempts before a delivery is given up (FAILED)
 * @param timeout how long one attempt may take
 */
@ConfigurationProperties("haven.webhooks")
public record WebhookProperties(@DefaultValue List<String> allowedNetworks, @DefaultValue("2s") Duration deliverEvery,
		@DefaultValue("10s") Duration firstRetry, @DefaultValue("1h") Duration maxBackoff,
		@DefaultValue("12") int maxAttempts, @DefaultValue("5s") Duration timeout) {

	/**
	 * The wait before the next attempt after {@code attempts} failed ones.
	 */
	Duration backoff(int attempts) {
		long factor = 1L << Math.min(attempts - 1, 20);
		Duration wait = this.firstRetry.multipliedBy(factor);
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
