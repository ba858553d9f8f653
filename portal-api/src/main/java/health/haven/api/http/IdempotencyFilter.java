package health.haven.api.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import health.haven.api.problem.ProblemWriter;
import health.haven.api.security.Caller;

/**
 * {@code Idempotency-Key} on the API's POSTs: a client that sends a change again with the
 * key it used before (its connection dropped, it timed out, it crashed) gets the first
 * response back, with the same id and status, and nothing is done twice.
 *
 * <p>
 * The key's row is written in the very transaction that makes the change: the filter
 * opens it, the controller's services join it, and the response is stored with the key
 * before the commit. So a change and its acknowledgement are kept together or not at all,
 * and the response leaves only after the commit. A second request with the same key while
 * the first runs waits for it (PostgreSQL's unique index holds it) and then replays it.
 * Only successful responses are kept: a refused change changed nothing, and the client
 * may send it again. Keys are per client (the token's subject), kept at least
 * {@code keep-for}; the same key with another body (or on another path) is refused with
 * {@code 422}.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyFilter.class);

	// visible ASCII, as the header's draft standard asks of a key; long enough for a UUID
	// or a ticket number with a suffix
	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private static final String[] KEPT_HEADERS = { HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE };

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration keepFor;

	private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

	IdempotencyFilter(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration keepFor) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.keepFor = keepFor;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// a preview creates nothing: there is nothing to keep for it
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| request.getRequestURI().endsWith("/requests/preview");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (!VALID_KEY.matcher(key).matches()) {
			ProblemWriter.write(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
					"The Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID; nothing was stored",
					Map.of("errors", java.util.List
						.of(Map.of("field", HEADER, "message", "1 to 255 visible ASCII characters"))));
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (BodyTooLargeException ex) {
			BodyLimitFilter.tooLarge(response, ex.getMessage());
			return;
		}
		String client = Caller.clientId(token.getToken());
		String path = request.getRequestURI();
		String fingerprint = fingerprint(request.getMethod(), path, body);
		sweepIfDue();
		ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
		Stored earlier;
		try {
			earlier = this.transactions.execute((status) -> {
				Instant now = this.clock.instant();
				int inserted = this.jdbc.update("""
						insert into idempotency_key (client_id, idempotency_key, fingerprint, method, path, created_at)
						values (?, ?, ?, ?, ?, ?) on conflict do nothing""", client, key, fingerprint,
						request.getMethod(), path, Timestamp.from(now));
				if (inserted == 0) {
					return this.jdbc
						.queryForObject("""
								select fingerprint, path, response_status, response_headers::text, response_body
								from idempotency_key where client_id = ? and idempotency_key = ?""",
								(row, number) -> new Stored(row.getString(1), row.getString(2),
										row.getObject(3, Integer.class), row.getString(4), row.getBytes(5)),
								client, key);
				}
				try {
					chain.doFilter(new ReplayableRequest(request, body), buffered);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (ServletException ex) {
					throw new IllegalStateException(ex);
				}
				int code = buffered.getStatus();
				if (code >= 200 && code < 300) {
					this.jdbc.update(
							"""
									update idempotency_key set response_status = ?, response_headers = ?::jsonb, response_body = ?
									where client_id = ? and idempotency_key = ?""",
							code, kept(buffered), buffered.getContentAsByteArray(), client, key);
				}
				else {
					// nothing was done: the key stays free for the client to send it
					// again
					status.setRollbackOnly();
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			logger.warn("A change sent with Idempotency-Key {} by {} could not be committed", key, client, ex);
			buffered.resetBuffer();
			response.reset();
			ProblemWriter.write(response, HttpStatus.SERVICE_UNAVAILABLE, "not-committed",
					"The change could not be stored and nothing was changed; send it again with the same "
							+ "Idempotency-Key");
			return;
		}
		if (earlier == null) {
			buffered.copyBodyToResponse();
			return;
		}
		replay(earlier, fingerprint, key, response);
	}

	private void replay(Stored earlier, String fingerprint, String key, HttpServletResponse response)
			throws IOException {
		if (!earlier.fingerprint().equals(fingerprint)) {
			ProblemWriter.write(response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"Idempotency-Key '" + key + "' was used before for another request (" + earlier.path()
							+ ", another body); use a new key for a new request. Nothing was stored",
					Map.of("errors", java.util.List
						.of(Map.of("field", HEADER, "message", "used before with another body or path"))));
			return;
		}
		response.setStatus(earlier.status());
		CANONICAL.readValue(earlier.headers(), HEADERS).forEach(response::setHeader);
		response.setHeader(REPLAYED, "true");
		if (earlier.body() != null) {
			response.setContentLength(earlier.body().length);
			response.getOutputStream().write(earlier.body());
		}
	}

	private static String kept(HttpServletResponse response) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : KEPT_HEADERS) {
			String value = response.getHeader(name);
			if (value != null) {
				headers.put(name, value);
			}
		}
		return CANONICAL.writeValueAsString(headers);
	}

	/**
	 * What the request asks, whatever the order of its JSON members or its white space:
	 * SHA-256 over the method, the path and the canonical body.
	 */
	static String fingerprint(String method, String path, byte[] body) {
		byte[] canonical;
		try {
			canonical = CANONICAL.writeValueAsBytes(CANONICAL.readValue(body, Object.class));
		}
		catch (JacksonException ex) {
			canonical = body;
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest(canonical));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java has SHA-256", ex);
		}
	}

	/**
	 * Deletes the keys older than {@code keep-for}, at most once a minute per replica.
	 */
	private void sweepIfDue() {
		Instant now = this.clock.instant();
		Instant last = this.lastSweep.get();
		if (now.isBefore(last.plus(Duration.ofMinutes(1))) || !this.lastSweep.compareAndSet(last, now)) {
			return;
		}
		int swept = this.jdbc.update("delete from idempotency_key where created_at < ?",
				Timestamp.from(now.minus(this.keepFor)));
		if (swept > 0) {
			logger.debug("Swept {} idempotency keys older than {}", swept, this.keepFor);
		}
	}

	private record Stored(String fingerprint, String path, Integer status, String headers, byte[] body) {
	}

	/**
	 * The request with its body read already, for the controller to read again.
	 */
	private static final class ReplayableRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayableRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is read already");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
