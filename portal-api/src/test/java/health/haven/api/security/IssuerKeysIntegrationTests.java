package health.haven.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.api.secret.SecretBox;

import health.haven.test.ApiClient;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded issuer's keys live in PostgreSQL, encrypted: another portal process on the
 * same database (a restart, a replica) signs and accepts with the same key, and a
 * rotation keeps the replaced key published for the overlap.
 */
class IssuerKeysIntegrationTests extends PortalTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	SecretBox secrets;

	@Test
	void theKeyIsStoredEncryptedAndAnotherProcessUsesTheSameOne() {
		ApiClient api = api().withToken();
		assertThat(api.get("/api/v1/catalog").status()).isEqualTo(200);
		String stored = this.jdbc.sql("select jwk_encrypted from issuer_key order by created_at desc limit 1")
			.query(String.class)
			.single();
		assertThat(stored).startsWith("v1:").doesNotContain("\"d\"");
		String published = api.get("/oauth2/jwks").json().at("/keys/0/kid").asText();

		// what a restarted or second portal reads
		IssuerKeys restarted = keys(Clock.systemUTC(), Duration.ofDays(30));
		assertThat(restarted.signing().getKeys()).extracting(JWK::getKeyID).containsExactly(published);
		assertThat(restarted.signing().getKeys().get(0).isPrivate()).isTrue();
		assertThat(api.get("/oauth2/jwks").text()).doesNotContain("\"d\":");
	}

	@Test
	void aRotationSignsWithANewKeyAndKeepsTheOldOneForTheOverlap() {
		api().withToken();
		Instant now = Instant.now();
		IssuerKeys before = keys(Clock.systemUTC(), Duration.ofDays(30));
		String old = before.signing().getKeys().get(0).getKeyID();
		// a month later: the key is due
		IssuerKeys rotated = keys(Clock.fixed(now.plus(Duration.ofDays(31)), ZoneOffset.UTC), Duration.ofDays(30));
		String fresh = rotated.signing().getKeys().get(0).getKeyID();
		assertThat(fresh).isNotEqualTo(old);
		assertThat(rotated.published().getKeys()).extracting(JWK::getKeyID).containsExactly(fresh, old);
		// past the overlap, the old key is no longer accepted
		IssuerKeys later = keys(Clock.fixed(now.plus(Duration.ofDays(33)), ZoneOffset.UTC), Duration.ofDays(30));
		assertThat(later.published().getKeys()).extracting(JWK::getKeyID).contains(fresh).doesNotContain(old);
	}

	private IssuerKeys keys(Clock clock, Duration rotateEvery) {
		return new IssuerKeys(this.jdbc, new TransactionTemplate(this.transactionManager), this.secrets, clock,
				rotateEvery, Duration.ofDays(1));
	}

}
