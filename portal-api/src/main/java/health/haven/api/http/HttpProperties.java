package health.haven.api.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the API treats what it is sent.
 *
 * @param maxBodySize the largest request body taken ({@code 413} beyond it); a request
 * with every parameter of the catalog is a few kilobytes
 * @param idempotencyKeepFor how long an {@code Idempotency-Key} and its response are kept
 * at least
 * @param rateLimit each client's rate limit
 */
@ConfigurationProperties("haven.api")
public record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("24h") Duration idempotencyKeepFor, @DefaultValue RateLimit rateLimit) {

	/**
	 * Each API client's rate limit: bursts of {@code burst} calls, refilled at
	 * {@code requestsPerSecond}.
	 */
	public record RateLimit(@DefaultValue("20") int requestsPerSecond, @DefaultValue("100") int burst) {

		public RateLimit {
			if (requestsPerSecond < 1 || burst < 1) {
				throw new IllegalArgumentException(
						"haven.api.rate-limit: requests-per-second and burst must be positive");
			}
		}

	}

	public HttpProperties {
		if (idempotencyKeepFor.compareTo(Duration.ofHours(24)) < 0) {
			throw new IllegalArgumentException(
					"haven.api.idempotency-keep-for must be at least 24 hours: clients retry for that long");
		}
	}

}
