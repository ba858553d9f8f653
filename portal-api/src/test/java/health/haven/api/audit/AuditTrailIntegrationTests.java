package health.haven.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.audit.AuditTrail;
import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PageSession;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail on the real application and PostgreSQL: a request's whole life, each
 * decision and each sign-in are on it, in one hash chain that the database keeps
 * append-only and that {@code verify} recomputes, finding a row an attacker with database
 * access altered or removed.
 */
class AuditTrailIntegrationTests extends PortalTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditTrail trail;

	@Test
	void aRequestsLifeAndEveryDecisionAreOnTheTrailInOrder() {
		ApiClient api = api().withToken();
		Response created = api.post("/api/v1/requests", request("odoo-dedicated", "audit-prod", "prod"));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		Response refused = api.post("/api/v1/requests/" + id + "/decisions", """
				{"decision": "APPROVE", "comment": "mine", "onBehalfOf": "alice"}""");
		assertThat(refused.status()).isEqualTo(403);
		for (String approver : List.of("carol", "bob", "erin")) {
			Response approved = api.post("/api/v1/requests/" + id + "/decisions", """
					{"decision": "APPROVE", "comment": "CAB 2026-48, item 3", "onBehalfOf": "%s"}"""
				.formatted(approver));
			assertThat(approved.status()).as(approved.text()).isEqualTo(200);
		}
		api.awaitState(id, "COMMITTED");

		ApiClient auditor = api().withToken("audit:read");
		List<JsonNode> rows = await().atMost(Duration.ofSeconds(30))
			.until(() -> items(auditor.get("/api/v1/audit?subject=request/" + id)),
					(found) -> found.stream().anyMatch((row) -> row.at("/details/to").asText().equals("COMMITTED")));
		assertThat(rows).extracting((row) -> row.path("action").asText())
			.containsExactly("request.state-changed", "request.submitted", "request.state-changed", "request.decided",
					"request.state-changed", "request.decided", "request.state-changed", "request.decided",
					"request.state-changed", "request.state-changed");
		JsonNode submitted = rows.get(1);
		assertThat(submitted.path("actor").asText()).isEqualTo("alice");
		assertThat(submitted.path("actingClient").asText()).isEqualTo("ticketing-demo");
		assertThat(submitted.at("/details/ticket").asText()).isEqualTo("servicenow CHG0031337");
		assertThat(submitted.at("/details/catalogItem").asText()).startsWith("odoo-dedicated@");
		assertThat(submitted.at("/details/parameters").asText()).contains("10.1.0.0/16");
		// the refused decision changed nothing and is not on the trail as a decision
		assertThat(rows.get(3).path("actor").asText()).isEqualTo("carol");
		assertThat(rows.get(3).at("/details/role").asText()).isEqualTo("SECURITY_REVIEWER");
		assertThat(rows.get(3).at("/details/stage").asText()).isEqualTo("security-review");
		JsonNode decided = rows.get(5);
		assertThat(decided.path("actor").asText()).isEqualTo("bob");
		assertThat(decided.at("/details/decision").asText()).isEqualTo("APPROVE");
		assertThat(decided.at("/details/role").asText()).isEqualTo("APPROVER");
		assertThat(decided.at("/details/stage").asText()).isEqualTo("change-advisory-board");
		assertThat(decided.at("/details/comment").asText()).isEqualTo("CAB 2026-48, item 3");
		assertThat(rows.get(8).at("/details/to").asText()).isEqualTo("APPROVED");
		assertThat(rows.get(9).path("actor").asText()).isEqualTo("gitops-writer");
		assertThat(rows.get(9).at("/details/note").asText()).startsWith("Committed ");
		// in the order they happened, each on the one before it
		for (int i = 1; i < rows.size(); i++) {
			assertThat(rows.get(i).path("seq").asLong()).isGreaterThan(rows.get(i - 1).path("seq").asLong());
		}
		JsonNode verified = auditor.get("/api/v1/audit/verify").json();
		assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
		// the environment the request created is on it too
		await().atMost(Duration.ofSeconds(30))
			.until(() -> items(auditor.get("/api/v1/audit?subject=environment/finance/audit-prod")).stream()
				.anyMatch((row) -> row.path("action").asText().equals("environment.created")));

		// the evidence record: ticket → request → decisions → commit → status → hashes
		Response evidence = auditor.get("/api/v1/requests/" + id + "/evidence");
		assertThat(evidence.status()).as(evidence.text()).isEqualTo(200);
		JsonNode record = evidence.json();
		String sha = api.get("/api/v1/requests/" + id).json().at("/commit/sha").asText();
		assertThat(record.at("/request/ticket/id").asText()).isEqualTo("CHG0031337");
		assertThat(record.at("/request/parameters/adminAllowList/0").asText()).isEqualTo("10.1.0.0/16");
		assertThat(record.at("/request/decisions/0/decidedBy").asText()).isEqualTo("carol");
		assertThat(record.at("/request/decisions/1/decidedBy").asText()).isEqualTo("bob");
		assertThat(record.at("/request/decisions/1/role").asText()).isEqualTo("APPROVER");
		assertThat(record.at("/request/commit/sha").asText()).isEqualTo(sha);
		// no controller watches here: the record says so rather than "healthy"
		assertThat(record.at("/live/status").asText()).isEqualTo("NOT_TRACKED");
		assertThat(record.path("audit").valueStream().map((row) -> row.path("hash").asText()))
			.containsExactlyElementsOf(rows.stream().map((row) -> row.path("hash").asText()).toList());
		assertThat(record.at("/trail/intact").asBoolean()).isTrue();
		assertThat(api().withToken("requests:read").get("/api/v1/requests/" + id + "/evidence").status())
			.isEqualTo(403);

		PageSession frank = new PageSession("http://localhost:" + this.port);
		frank.signIn("frank", "frank-demo");
		Response page = frank.get("/requests/" + id + "/evidence");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains(sha)
			.contains("CHG0031337")
			.contains("CAB 2026-48, item 3")
			.contains("The chain holds")
			.contains(rows.get(0).path("hash").asText());
		PageSession alice = new PageSession("http://localhost:" + this.port);
		alice.signIn("alice", "alice-demo");
		assertThat(alice.get("/requests/" + id + "/evidence").status()).isEqualTo(403);
	}

	@Test
	void signInsAndFailedSignInsAreRecordedWithTheAddress() {
		// frank signs in in other tests too: only this test's attempts count
		Instant before = Instant.now();
		PageSession wrong = new PageSession("http://localhost:" + this.port);
		assertThat(wrong.signIn("frank", "not-his-password")).contains("/login?error");
		assertThat(wrong.signIn("=cmd|' /C calc'!A0", "x")).contains("/login?error");
		PageSession frank = new PageSession("http://localhost:" + this.port);
		assertThat(frank.signIn("frank", "frank-demo")).doesNotContain("error");

		ApiClient auditor = api().withToken("audit:read");
		List<JsonNode> rows = items(auditor.get("/api/v1/audit?subject=person/frank&from=" + before));
		assertThat(rows).extracting((row) -> row.path("action").asText()).containsExactly("sign-in.failed", "sign-in");
		assertThat(rows.get(0).at("/details/reason").asText()).isEqualTo("BadCredentialsException");
		assertThat(rows.get(0).at("/details/remoteAddress").asText()).isEqualTo("127.0.0.1");
		assertThat(rows.get(1).path("actor").asText()).isEqualTo("frank");
		// a name nobody has is recorded as typed, too
		assertThat(items(auditor.get("/api/v1/audit?actor=" + encode("=cmd|' /C calc'!A0")))).hasSize(1);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveARow() {
		this.trail.append(AuditEvent.of(Instant.now(), "test.append-only", "test/append-only", "test", null));
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(
					() -> this.jdbc.sql("update audit_event set actor = 'mallory' where subject = 'test/append-only'")
						.update())
			.havingRootCause()
			.withMessageContaining("append-only: UPDATE refused");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.sql("delete from audit_event where subject = 'test/append-only'").update())
			.havingRootCause()
			.withMessageContaining("append-only: DELETE refused");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.sql("truncate audit_event").update())
			.havingRootCause()
			.withMessageContaining("append-only: TRUNCATE refused");
	}

	/**
	 * An attacker with database access (who may switch the trigger off) alters a row,
	 * then removes one: verify names the first broken link each time. The test puts the
	 * rows back as they were, so that the portal's trail holds again for the other tests.
	 */
	@Test
	void verifyFindsARowAlteredOrRemovedDirectlyInTheDatabase() {
		long seq = this.trail
			.append(new AuditEvent(Instant.now(), "request.decided", "request/tampered", "bob", null,
					AuditEvent.facts("decision", "REJECT", "comment", "No rollback plan")))
			.seq();
		this.trail.append(AuditEvent.of(Instant.now(), "test.after", "test/after", "test", null));
		ApiClient auditor = api().withToken("audit:read");
		assertThat(auditor.get("/api/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
		String original = this.jdbc.sql("select details from audit_event where seq = ?")
			.param(seq)
			.query(String.class)
			.single();
		try {
			asAttacker("update audit_event set details = replace(details, 'REJECT', 'APPROVE') where seq = " + seq);
			JsonNode altered = auditor.get("/api/v1/audit/verify").json();
			assertThat(altered.path("intact").asBoolean()).isFalse();
			assertThat(altered.path("firstBroken").asLong()).isEqualTo(seq);
			assertThat(altered.path("problem").asText()).contains("altered");
			assertThat(altered.path("rowsChecked").asLong()).isEqualTo(seq);
		}
		finally {
			asAttacker("update audit_event set details = '" + original.replace("'", "''") + "' where seq = " + seq);
		}
		assertThat(auditor.get("/api/v1/audit/verify").json().path("intact").asBoolean()).isTrue();

		List<String> columns = List.of("seq", "occurred_at", "action", "subject", "actor", "acting_client", "details",
				"previous_hash", "hash");
		var removed = this.jdbc.sql("select * from audit_event where seq = ?").param(seq).query().singleRow();
		try {
			asAttacker("delete from audit_event where seq = " + seq);
			JsonNode gap = auditor.get("/api/v1/audit/verify").json();
			assertThat(gap.path("intact").asBoolean()).isFalse();
			assertThat(gap.path("firstBroken").asLong()).isEqualTo(seq + 1);
			assertThat(gap.path("problem").asText()).contains("missing");
		}
		finally {
			this.jdbc
				.sql("insert into audit_event (" + String.join(", ", columns) + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(columns.stream().map(removed::get).toList())
				.update();
		}
		assertThat(auditor.get("/api/v1/audit/verify").json().path("intact").asBoolean()).isTrue();
	}

	@Test
	void appendsFromManyTransactionsAtOnceFormOneChainWithoutGaps() throws Exception {
		long before = lastSeq();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				int n = i;
				running.add(threads.submit(() -> this.trail
					.append(AuditEvent.of(Instant.now(), "test.concurrent", "test/concurrent-" + n, "test", null))));
			}
			for (Future<?> future : running) {
				future.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		// the portal may append rows of its own meanwhile: every row is numbered, none
		// twice,
		// none skipped
		List<Long> seqs = this.jdbc.sql("select seq from audit_event where seq > ? order by seq")
			.param(before)
			.query(Long.class)
			.list();
		assertThat(seqs).hasSizeGreaterThanOrEqualTo(40)
			.containsExactlyElementsOf(LongStream.rangeClosed(before + 1, before + seqs.size()).boxed().toList());
		assertThat(this.jdbc
			.sql("select count(distinct seq) from audit_event where seq > ? and subject like 'test/concurrent-%'")
			.param(before)
			.query(Long.class)
			.single()).isEqualTo(40);
		assertThat(api().withToken("audit:read").get("/api/v1/audit/verify").json().path("intact").asBoolean())
			.isTrue();
	}

	@Test
	void pagesAreStableAndFiltersSayWhatIsWrong() {
		for (int i = 0; i < 5; i++) {
			this.trail.append(AuditEvent.of(Instant.now(), "test.paging", "test/paging/" + i, "pager", null));
		}
		ApiClient auditor = api().withToken("audit:read");
		Response first = auditor.get("/api/v1/audit?subject=test/paging/*&limit=2");
		assertThat(first.status()).isEqualTo(200);
		assertThat(items(first)).extracting((row) -> row.path("subject").asText())
			.containsExactly("test/paging/0", "test/paging/1");
		assertThat(first.header("Link")).contains("rel=\"next\"");
		// a row appended now comes after every page read so far
		this.trail.append(AuditEvent.of(Instant.now(), "test.paging", "test/paging/5", "pager", null));
		List<String> rest = new ArrayList<>();
		String next = first.json().path("next").asText();
		while (!next.isEmpty()) {
			Response page = auditor.get("/api/v1/audit?subject=test/paging/*&limit=2&cursor=" + next);
			items(page).forEach((row) -> rest.add(row.path("subject").asText()));
			next = page.json().path("next").asText("");
		}
		assertThat(rest).containsExactly("test/paging/2", "test/paging/3", "test/paging/4", "test/paging/5");

		Response badDate = auditor.get("/api/v1/audit?from=yesterday");
		assertThat(badDate.status()).isEqualTo(400);
		assertThat(badDate.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
		assertThat(auditor.get("/api/v1/audit?cursor=bm90LW91cnM").status()).isEqualTo(400);
		assertThat(auditor.get("/api/v1/audit?limit=0").status()).isEqualTo(400);
		// a client without the scope reads nothing of it
		assertThat(api().withToken("requests:read").get("/api/v1/audit").status()).isEqualTo(403);
		assertThat(api().get("/api/v1/audit/verify").status()).isEqualTo(401);
	}

	@Test
	void theAuditPageIsForAuditorsAndPlatformAdministratorsAndExportsCsv() {
		this.trail.append(new AuditEvent(Instant.now(), "test.csv", "test/csv", "=HYPERLINK(\"http://evil\")", null,
				AuditEvent.facts("note", "a, \"quoted\" note")));
		PageSession frank = new PageSession("http://localhost:" + this.port);
		frank.signIn("frank", "frank-demo");
		Response page = frank.get("/audit?subject=test/csv");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("test.csv").contains("=HYPERLINK(&quot;http://evil&quot;)");
		Response verified = frank.get("/audit/verify");
		assertThat(verified.text()).contains("The chain holds");
		Response badDay = frank.get("/audit?from=27.11.2026");
		assertThat(badDay.text()).contains("id=\"from-error\"").contains("Enter a day as YYYY-MM-DD");

		Response csv = frank.get("/audit/export?subject=test/csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		String[] lines = csv.text().split("\r\n");
		assertThat(lines[0]).isEqualTo("seq,occurred_at,action,subject,actor,acting_client,details,previous_hash,hash");
		assertThat(lines).hasSize(2);
		// a formula is defused, quotes doubled, the hash columns intact
		assertThat(lines[1]).contains(",test.csv,test/csv,\"'=HYPERLINK(\"\"http://evil\"\")\",,")
			.contains("\"{\"\"note\"\":\"\"a, \\\"\"quoted\\\"\" note\"\"}\"")
			.matches(".*,[0-9a-f]{64},[0-9a-f]{64}$");

		PageSession alice = new PageSession("http://localhost:" + this.port);
		alice.signIn("alice", "alice-demo");
		assertThat(alice.get("/audit").status()).isEqualTo(403);
		assertThat(alice.get("/audit/export").status()).isEqualTo(403);
		PageSession dave = new PageSession("http://localhost:" + this.port);
		dave.signIn("dave", "dave-demo");
		assertThat(dave.get("/audit").status()).isEqualTo(200);
	}

	private void asAttacker(String statement) {
		this.jdbc.sql("alter table audit_event disable trigger audit_event_append_only").update();
		try {
			this.jdbc.sql(statement).update();
		}
		finally {
			this.jdbc.sql("alter table audit_event enable trigger audit_event_append_only").update();
		}
	}

	private long lastSeq() {
		return this.jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
	}

	private static List<JsonNode> items(Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.json().path("items").valueStream().toList();
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String request(String item, String environment, String environmentClass) {
		return """
				{"catalogItem": "%s", "environment": "%s", "team": "finance", "environmentClass": "%s",
				 "region": "eu-west", "parameters": {"odooVersion": "17.0", "adminAllowList": ["10.1.0.0/16"]},
				 "ticket": {"system": "servicenow", "id": "CHG0031337", "url": "https://servicenow.example/CHG0031337"},
				 "onBehalfOf": "alice"}
				""".formatted(item, environment, environmentClass);
	}

}
