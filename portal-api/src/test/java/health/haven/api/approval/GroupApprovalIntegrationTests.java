package health.haven.api.approval;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.provisioning.people.NewPerson;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Role;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage that needs ALL of a named group, through HTTP: the core board (the team
 * cab-core) must approve every one of its members; a person outside the group does not
 * count, whatever roles they hold.
 */
class GroupApprovalIntegrationTests extends PortalTest {

	@Autowired
	People people;

	@DynamicPropertySource
	static void groupCatalog(DynamicPropertyRegistry registry) {
		registry.add("haven.catalog.location", () -> "classpath*:group-catalog/*.yaml");
	}

	@BeforeEach
	void coreBoard() {
		if (this.people.findTeam("cab-core").isEmpty()) {
			this.people.createTeam("cab-core", "Core change advisory board", "test setup");
			for (String member : new String[] { "gina", "hank" }) {
				this.people.create(
						new NewPerson(member, member, member + "-demo", Set.of(Role.APPROVER), Set.of("cab-core")),
						"test setup");
			}
		}
	}

	@Test
	void everyMemberOfTheGroupApprovesAndNobodyElseCounts() {
		ApiClient api = api().withToken();
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-cab-core", "environment": "core-staging", "team": "finance",
				 "environmentClass": "staging", "region": "eu-west", "parameters": {"odooVersion": "17.0"},
				 "onBehalfOf": "alice"}""");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		assertThat(created.json().at("/approvals/awaiting/group").asText()).isEqualTo("cab-core");
		assertThat(created.json().at("/approvals/awaiting/quorum").asText()).isEqualTo("ALL");
		assertThat(created.json().at("/approvals/awaiting/missing").asInt()).isEqualTo(2);

		// an approver outside the group is refused, and counts for nothing
		Response outsider = decide(api, id, "bob");
		assertThat(outsider.status()).isEqualTo(403);
		JsonNode afterGina = decide(api, id, "gina").json();
		assertThat(afterGina.path("state").asText()).isEqualTo("PENDING_APPROVAL");
		assertThat(afterGina.at("/approvals/awaiting/missing").asInt()).isEqualTo(1);
		assertThat(decide(api, id, "gina").status()).isEqualTo(409);
		JsonNode approved = decide(api, id, "hank").json();
		assertThat(approved.path("state").asText()).isIn("APPROVED", "COMMITTED");
		assertThat(approved.at("/approvals/decisions")
			.valueStream()
			.map((decision) -> decision.path("decidedBy").asText())).containsExactly("gina", "hank");
	}

	private static Response decide(ApiClient api, String id, String approver) {
		return api.post("/api/v1/requests/" + id + "/decisions",
				"{\"decision\": \"APPROVE\", \"comment\": \"core board\", \"onBehalfOf\": \"" + approver + "\"}");
	}

}
