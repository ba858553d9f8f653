package health.haven.gitops.validate;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import health.haven.gitops.ApprovedRequests;
import health.haven.gitops.render.Destination;
import health.haven.gitops.render.OdooManifestRenderer;
import health.haven.gitops.render.RenderedEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema library reads Jackson 2 trees: the validator hands it the rendered trees as
 * reading their JSON would, node kinds included.
 */
class ManifestValidatorTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void handsTheSchemasEveryRenderedObjectAsItsJsonReads() throws Exception {
		Destination destination = new Destination("https://git.haven.example/platform/gitops.git", "main");
		OdooManifestRenderer renderer = new OdooManifestRenderer();
		for (RenderedEnvironment rendered : List.of(
				renderer.render(ApprovedRequests.prod(UUID.randomUUID()), destination),
				renderer.render(ApprovedRequests.dev(UUID.randomUUID(), "finance-dev"), destination))) {
			for (ObjectNode tree : rendered.files().values()) {
				assertSameAsJson(tree);
			}
		}
	}

	@Test
	void keepsTheKindOfEveryNumber() throws Exception {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode tree = nodes.objectNode();
		tree.put("int", 8069);
		tree.put("negative", -1);
		tree.put("long", 5_000_000_000L);
		tree.put("big", new BigInteger("123456789012345678901234567890"));
		tree.put("double", 0.5);
		tree.put("flag", true);
		tree.putNull("nothing");
		tree.putArray("list").add("text").add(2).addObject().put("nested", "yes");
		assertSameAsJson(tree);
		com.fasterxml.jackson.databind.JsonNode converted = ManifestValidator.toJackson2(tree);
		assertThat(converted.get("int").isInt()).isTrue();
		assertThat(converted.get("long").isLong()).isTrue();
		assertThat(converted.get("big").isBigInteger()).isTrue();
		assertThat(converted.get("double").isDouble()).isTrue();
	}

	private static void assertSameAsJson(ObjectNode tree) throws Exception {
		com.fasterxml.jackson.databind.JsonNode read = JSON.readTree(tree.toString());
		com.fasterxml.jackson.databind.JsonNode converted = ManifestValidator.toJackson2(tree);
		assertThat(converted).isEqualTo(read);
		assertThat(converted.toString()).isEqualTo(read.toString());
	}

}
