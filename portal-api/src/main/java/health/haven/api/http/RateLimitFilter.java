package health.haven.api.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import health.haven.api.problem.ProblemWriter;
import health.haven.api.security.Caller;

/**
 * Rate limits per API client (the token's subject): a token bucket of
 * {@code haven.api.rate-limit.burst} calls, refilled at {@code requests-per-second}. A
 * client over its limit is answered {@code 429} with {@code Retry-After}, and nothing of
 * its call is done; other clients are not slowed by it. The buckets are this replica's:
 * behind a load balancer over N replicas a client gets up to N times the limit.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final HttpProperties.RateLimit limit;

	RateLimitFilter(HttpProperties.RateLimit limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			chain.doFilter(request, response);
			return;
		}
		Bucket bucket = this.buckets.computeIfAbsent(Caller.clientId(token.getToken()), (client) -> newBucket());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		response.setHeader("RateLimit-Limit", String.valueOf(this.limit.burst()));
		response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
		if (probe.isConsumed()) {
			chain.doFilter(request, response);
			return;
		}
		long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
				+ ((probe.getNanosToWaitForRefill() % 1_000_000_000L > 0) ? 1 : 0));
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"This client sent more than " + this.limit.requestsPerSecond() + " calls a second (bursts of "
						+ this.limit.burst() + "); nothing of this call was done. Send it again after " + seconds
						+ " second(s)");
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.limit.burst())
				.refillGreedy(this.limit.requestsPerSecond(), Duration.ofSeconds(1))
				.build())
			.build();
	}

}
