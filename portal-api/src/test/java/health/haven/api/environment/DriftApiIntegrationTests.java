package health.haven.api.environment;

import java.time.Duration;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import health.haven.gitops.drift.DriftCheck;
import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.GitOpsRepositoryReader;
import health.haven.test.HandEdit;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand edits through the API: a folder edited outside the portal shows on its environment
 * with the diff; a platform administrator, through a ticketing client, discards the edit
 * (the portal writes back what it wrote, in a commit that says who and why) or accepts it
 * (it stays and is no longer flagged). Anyone else, and any malformed decision, is
 * refused with a problem that says why.
 */
class DriftApiIntegrationTests extends PortalTest {

	private static final String FOLDER = "environments/finance/drift-api/";

	@Autowired
	DriftCheck check;

	@Test
	void aHandEditIsShownAndDiscardedAndThePortalWritesBackWhatItWrote() throws Exception {
		ApiClient api = api().withToken();
		commitDev(api, "drift-api");
		String written = HandEdit.of(gitOpsRepository().toString()).read(FOLDER + "deployment.yaml");
		HandEdit.of(gitOpsRepository().toString())
			.change(FOLDER + "deployment.yaml", (yaml) -> yaml.replace("replicas: 2", "replicas: 3"))
			.write(FOLDER + "debug.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: debug\n")
			.push("Scale up by hand during the night");
		this.check.check();

		JsonNode environment = awaitFlagged(api, "drift-api");
		assertThat(environment.at("/drift/reason").asText()).contains("was edited outside Haven");
		assertThat(environment.at("/drift/conflict").asBoolean()).isFalse();
		assertThat(environment.at("/drift/waitingRequest").isNull()).isTrue();
		assertThat(environment.at("/drift/diff").asText()).contains("-  replicas: 2")
			.contains("+  replicas: 3")
			.contains("+++ b/environments/finance/drift-api/debug.yaml");
		// a list says so too, without the diff
		JsonNode listed = api.get("/api/v1/environments?team=finance&limit=100")
			.json()
			.path("items")
			.valueStream()
			.filter((item) -> item.path("name").asText().equals("drift-api"))
			.findFirst()
			.orElseThrow();
		assertThat(listed.at("/drift/reason").asText()).contains("edited outside Haven");
		assertThat(listed.at("/drift/diff").isNull()).isTrue();

		Response discarded = decide(api, "DISCARD", "Not approved by the CAB; scale through a request", "dave");
		assertThat(discarded.status()).as(discarded.text()).isEqualTo(200);
		assertThat(discarded.json().at("/drift").isMissingNode()).isTrue();
		assertThat(discarded.json().at("/lastDriftDecision/decision").asText()).isEqualTo("DISCARD");
		assertThat(discarded.json().at("/lastDriftDecision/decidedBy").asText()).isEqualTo("dave via ticketing-demo");
		assertThat(discarded.json().at("/lastDriftDecision/comment").asText())
			.isEqualTo("Not approved by the CAB; scale through a request");

		// the restore is committed and becomes the environment's current commit
		await().atMost(Duration.ofSeconds(30))
			.until(() -> head().getFullMessage().contains("Haven-Restore:") && head().name()
				.equals(api.get("/api/v1/environments/finance/drift-api").json().path("commit").asText()));
		String restore = head().name();
		try (GitOpsRepositoryReader reader = new GitOpsRepositoryReader(gitOpsRepository())) {
			RevCommit commit = reader.commit(restore);
			assertThat(commit.getShortMessage()).isEqualTo("Restore finance/drift-api: discard a hand edit");
			assertThat(commit.getFooterLines("Discarded-by")).containsExactly("dave via ticketing-demo");
			assertThat(commit.getFullMessage()).contains("Not approved by the CAB; scale through a request");
			assertThat(reader.files(commit)).containsEntry(FOLDER + "deployment.yaml", written)
				.doesNotContainKey(FOLDER + "debug.yaml");
		}
		this.check.check();

		Response again = decide(api, "DISCARD", "once more", "dave");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("reason").asText()).isEqualTo("no-drift");
	}

	@Test
	void anAcceptedEditStaysAndIsNoLongerFlagged() throws Exception {
		ApiClient api = api().withToken();
		commitDev(api, "drift-accept");
		String edit = HandEdit.of(gitOpsRepository().toString())
			.change("environments/finance/drift-accept/deployment.yaml",
					(yaml) -> yaml.replace("replicas: 2", "replicas: 5"))
			.push("Five replicas for the month-end close");
		this.check.check();
		awaitFlagged(api, "drift-accept");

		Response accepted = api.post("/api/v1/environments/finance/drift-accept/drift", """
				{"decision": "ACCEPT", "comment": "CAB approved five replicas for the close (CHG0040001)",
				 "onBehalfOf": "dave"}""");
		assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
		assertThat(accepted.json().at("/lastDriftDecision/decision").asText()).isEqualTo("ACCEPT");
		// the writer learns of the decision asynchronously; once it has, a check no
		// longer
		// flags the folder
		await().atMost(Duration.ofSeconds(30)).until(() -> this.check.check().drifted() == 0);
		assertThat(api.get("/api/v1/environments/finance/drift-accept").json().at("/drift").isMissingNode()).isTrue();
		// nothing was written over it
		assertThat(head().name()).isEqualTo(edit);
	}

	@Test
	void refusesADecisionFromAnyoneButAnAdministratorAndSaysWhatIsWrongWithABadOne() throws Exception {
		ApiClient api = api().withToken();
		commitDev(api, "drift-refused");
		HandEdit.of(gitOpsRepository().toString())
			.change("environments/finance/drift-refused/deployment.yaml",
					(yaml) -> yaml.replace("replicas: 2", "replicas: 4"))
			.push("By hand");
		this.check.check();
		awaitFlagged(api, "drift-refused");

		Response byRequester = decide(api, "ACCEPT", "looks fine to me", "alice", "drift-refused");
		assertThat(byRequester.status()).isEqualTo(403);
		assertThat(byRequester.json().path("reason").asText()).isEqualTo("missing-role");
		Response noComment = decide(api, "DISCARD", " ", "dave", "drift-refused");
		assertThat(noComment.status()).isEqualTo(400);
		assertThat(noComment.json().path("errors").get(0).path("field").asText()).isEqualTo("comment");
		Response maybe = decide(api, "MAYBE", "hmm", "dave", "drift-refused");
		assertThat(maybe.status()).isEqualTo(400);
		assertThat(maybe.json().path("errors").get(0).path("field").asText()).isEqualTo("decision");
		Response nobody = decide(api, "ACCEPT", "fine", "nobody", "drift-refused");
		assertThat(nobody.status()).isEqualTo(400);
		assertThat(nobody.json().path("errors").get(0).path("field").asText()).isEqualTo("onBehalfOf");
		assertThat(decide(api, "ACCEPT", "fine", "dave", "no-such-env").status()).isEqualTo(404);
		assertThat(api().withToken("requests:read", "requests:write", "on-behalf")
			.post("/api/v1/environments/finance/drift-refused/drift",
					"{\"decision\": \"ACCEPT\", \"comment\": \"fine\", \"onBehalfOf\": \"dave\"}")
			.status()).isEqualTo(403);
		// still flagged: nothing was decided
		assertThat(api.get("/api/v1/environments/finance/drift-refused").json().at("/drift/diff").asText())
			.contains("+  replicas: 4");
	}

	/**
	 * The environments module records what the check found after the check's transaction,
	 * on its own thread, as it would across modules in production.
	 */
	private static JsonNode awaitFlagged(ApiClient api, String environment) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/api/v1/environments/finance/" + environment).json(),
					(json) -> !json.at("/drift/reason").asText().isEmpty());
	}

	private static Response decide(ApiClient api, String decision, String comment, String person) {
		return decide(api, decision, comment, person, "drift-api");
	}

	private static Response decide(ApiClient api, String decision, String comment, String person, String environment) {
		return api.post("/api/v1/environments/finance/" + environment + "/drift", """
				{"decision": "%s", "comment": "%s", "onBehalfOf": "%s"}""".formatted(decision, comment, person));
	}

	private RevCommit head() throws Exception {
		try (GitOpsRepositoryReader reader = new GitOpsRepositoryReader(gitOpsRepository())) {
			return reader.branch("main").get(0);
		}
	}

	private static void commitDev(ApiClient api, String environment) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		api.awaitState(created.json().path("id").asText(), "COMMITTED");
	}

}
