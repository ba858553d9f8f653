package health.haven.api.environment;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import health.haven.test.ApiClient;
import health.haven.test.ApiClient.Response;
import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environments through the API: created with their first committed change, listed page by
 * page with an opaque cursor, filtered, and read one by one with what shaped them.
 */
class EnvironmentApiIntegrationTests extends PortalTest {

	@Test
	void anEnvironmentAppearsWithItsFirstCommittedChangeAndSaysNoReconcilerIsConnected() {
		ApiClient api = api().withToken();
		String id = commitDev(api, "env-first");
		Response response = api.get("/api/v1/environments/finance/env-first");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("ETag")).matches("\"\\d+\"");
		JsonNode environment = response.json();
		assertThat(environment.at("/catalogItem/key").asText()).isEqualTo("odoo-multitenant");
		assertThat(environment.path("tier").asText()).isEqualTo("MULTI_TENANT");
		assertThat(environment.path("environmentClass").asText()).isEqualTo("dev");
		assertThat(environment.at("/placement/cluster").asText()).isEqualTo("shared-eu-west");
		assertThat(environment.at("/placement/name").asText()).isEqualTo("odoo-finance-env-first");
		assertThat(environment.at("/parameters/workers").asInt()).isPositive();
		assertThat(environment.path("folder").asText()).isEqualTo("environments/finance/env-first");
		assertThat(environment.path("commit").asText())
			.isEqualTo(api.get("/api/v1/requests/" + id).json().at("/commit/sha").asText());
		// no kubeconfig in this portal: it says so rather than guessing
		assertThat(environment.at("/live/status").asText()).isEqualTo("NOT_TRACKED");
		assertThat(environment.path("requests")).singleElement()
			.satisfies((request) -> assertThat(request.path("id").asText()).isEqualTo(id));
		assertThat(environment.path("history")).isEmpty();
	}

	@Test
	void listsPageByPageWithACursorStableWhileEnvironmentsAreAdded() {
		ApiClient api = api().withToken();
		for (String name : List.of("page-a", "page-b", "page-c")) {
			commitDev(api, name);
		}
		List<String> seen = new ArrayList<>();
		Response first = api.get("/api/v1/environments?team=finance&limit=2");
		assertThat(first.json().path("items")).hasSize(2);
		first.json().path("items").forEach((item) -> seen.add(item.path("name").asText()));
		String next = first.json().path("next").asText();
		assertThat(first.header("Link")).contains("cursor=" + next).endsWith("; rel=\"next\"");

		// one added before the cursor's place and one after: the next page goes on where
		// the first stopped
		commitDev(api, "aaa-added-before");
		commitDev(api, "zzz-added-after");
		String cursor = next;
		while (cursor != null) {
			JsonNode page = api.get("/api/v1/environments?team=finance&limit=2&cursor=" + cursor).json();
			page.path("items").forEach((item) -> seen.add(item.path("name").asText()));
			cursor = page.hasNonNull("next") ? page.path("next").asText() : null;
		}
		assertThat(seen).doesNotHaveDuplicates().contains("page-a", "page-b", "page-c", "zzz-added-after");
		assertThat(seen).isSorted();
	}

	@Test
	void filtersByClassAndStatus() {
		ApiClient api = api().withToken();
		commitDev(api, "filter-dev");
		assertThat(names(api.get("/api/v1/environments?class=dev&status=NOT_TRACKED&limit=100")))
			.contains("filter-dev");
		assertThat(names(api.get("/api/v1/environments?class=prod&limit=100"))).doesNotContain("filter-dev");
		assertThat(names(api.get("/api/v1/environments?status=HEALTHY&limit=100"))).isEmpty();
	}

	@Test
	void saysWhatIsWrongWithAListQueryAndKnowsNoOtherEnvironments() {
		ApiClient api = api().withToken();
		Response badStatus = api.get("/api/v1/environments?status=GREEN");
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.json().path("errors").get(0).path("field").asText()).isEqualTo("status");
		assertThat(badStatus.json().path("errors").get(0).path("message").asText()).contains("HEALTHY", "UNKNOWN");
		assertThat(api.get("/api/v1/environments?cursor=not-ours").json().path("errors").get(0).path("field").asText())
			.isEqualTo("cursor");
		assertThat(api.get("/api/v1/environments?limit=0").status()).isEqualTo(400);
		assertThat(api.get("/api/v1/environments?limit=101").status()).isEqualTo(400);
		assertThat(api.get("/api/v1/environments/finance/nothing-here").status()).isEqualTo(404);
		assertThat(api.get("/api/v1/environments/Finance/ERP").status()).isEqualTo(404);
		assertThat(api().withToken("approvals:write").get("/api/v1/environments").status()).isEqualTo(403);
		assertThat(api().withoutToken().get("/api/v1/environments").status()).isEqualTo(401);
	}

	private static List<String> names(Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.json().path("items").valueStream().map((item) -> item.path("name").asText()).toList();
	}

	private static String commitDev(ApiClient api, String environment) {
		Response created = api.post("/api/v1/requests", """
				{"catalogItem": "odoo-multitenant", "environment": "%s", "team": "finance",
				 "environmentClass": "dev", "region": "eu-west", "parameters": {}, "onBehalfOf": "alice"}
				""".formatted(environment));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String id = created.json().path("id").asText();
		api.awaitState(id, "COMMITTED");
		return id;
	}

}
