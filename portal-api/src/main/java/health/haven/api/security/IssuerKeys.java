package health.haven.api.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.api.secret.SecretBox;

/**
 * The embedded issuer's signing keys, in PostgreSQL: kept across restarts and shared by
 * every replica, so a token outlives the process that issued it and any replica accepts
 * it. The newest key signs; a key is replaced after {@code rotateEvery}, and the one it
 * replaced is still published for {@code overlap} (longer than any token lives), so
 * tokens signed before a rotation stay valid. Each replica reads the keys again every
 * minute; the first to find the newest too old makes the next one, under an advisory
 * lock.
 */
class IssuerKeys {

	private static final Logger logger = LoggerFactory.getLogger(IssuerKeys.class);

	private static final Duration REFRESH = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SecretBox secrets;

	private final Clock clock;

	private final Duration rotateEvery;

	private final Duration overlap;

	private final AtomicReference<Loaded> loaded = new AtomicReference<>();

	IssuerKeys(JdbcClient jdbc, TransactionTemplate transactions, SecretBox secrets, Clock clock, Duration rotateEvery,
			Duration overlap) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.clock = clock;
		this.rotateEvery = rotateEvery;
		this.overlap = overlap;
	}

	/**
	 * The key that signs new tokens.
	 */
	JWKSet signing() {
		return new JWKSet(current().keys().get(0));
	}

	/**
	 * Every key a token may still be signed with, newest first: what the issuer publishes
	 * and the API accepts.
	 */
	JWKSet published() {
		return new JWKSet(current().keys());
	}

	private Loaded current() {
		Instant now = this.clock.instant();
		Loaded last = this.loaded.get();
		if (last != null && now.isBefore(last.at().plus(REFRESH))) {
			return last;
		}
		Loaded fresh = this.transactions.execute((status) -> {
			// replicas starting together take turns: the second finds the first's key
			this.jdbc.sql("select cast(pg_advisory_xact_lock(hashtext('haven.issuer-keys')) as text)")
				.query()
				.singleValue();
			List<Stored> stored = read();
			if (stored.isEmpty() || stored.get(0).createdAt().plus(this.rotateEvery).isBefore(now)) {
				Stored made = make(now);
				logger.info("Made the embedded issuer's signing key {}{}", made.jwk().getKeyID(), stored.isEmpty() ? ""
						: " (the one before signs no more, and is accepted for " + this.overlap + ")");
				stored = read();
			}
			// the newest signs; an older one is published until its successor is older
			// than the overlap
			List<JWK> keys = new java.util.ArrayList<>();
			for (int i = 0; i < stored.size(); i++) {
				if (i == 0 || stored.get(i - 1).createdAt().plus(this.overlap).isAfter(now)) {
					keys.add(stored.get(i).jwk());
				}
			}
			return new Loaded(List.copyOf(keys), now);
		});
		this.loaded.set(fresh);
		return fresh;
	}

	private List<Stored> read() {
		return this.jdbc.sql("select jwk_encrypted, created_at from issuer_key order by created_at desc, key_id")
			.query((row, number) -> new Stored(parse(this.secrets.decrypt(row.getString(1))),
					row.getTimestamp(2).toInstant()))
			.list();
	}

	private Stored make(Instant now) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keys = generator.generateKeyPair();
			RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
				.privateKey((RSAPrivateKey) keys.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
			this.jdbc.sql("insert into issuer_key (key_id, jwk_encrypted, created_at) values (?, ?, ?)")
				.params(key.getKeyID(), this.secrets.encrypt(key.toJSONString()), Timestamp.from(now))
				.update();
			return new Stored(key, now);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("RSA is part of every Java", ex);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored issuer key is not a JWK", ex);
		}
	}

	private record Stored(JWK jwk, Instant createdAt) {
	}

	private record Loaded(List<JWK> keys, Instant at) {
	}

}
