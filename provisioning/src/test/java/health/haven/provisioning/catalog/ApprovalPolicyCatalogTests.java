package health.haven.provisioning.catalog;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import health.haven.provisioning.people.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Approval policies as a catalog file writes them: a stage names a role or a group and a
 * quorum of ANY, ALL (of a group) or a number of people; anything else stops the start
 * with the file and the reason.
 */
class ApprovalPolicyCatalogTests {

	@Test
	void readsEveryKindOfQuorumAndKeepsItAsWritten() throws Exception {
		CatalogDefinition definition = CatalogLoader.read(item("""
				      - {name: security-review, role: SECURITY_REVIEWER, quorum: ANY}
				      - {name: change-advisory-board, role: APPROVER, quorum: 2}
				      - {name: cab-core, group: cab-core, quorum: ALL}
				      - {name: platform, role: PLATFORM_ADMIN}
				"""));
		ApprovalPolicy prod = definition.approvalPolicy("prod");
		assertThat(prod.stages()).extracting(ApprovalStage::quorum)
			.containsExactly(Quorum.ANY, Quorum.of(2), Quorum.ALL, Quorum.ANY);
		assertThat(prod.stages().get(2).group()).isEqualTo("cab-core");
		assertThat(prod.stages().get(2).role()).isNull();
		assertThat(prod.stages().get(0).deciders()).isEqualTo("role SECURITY_REVIEWER");
		// stored as JSON with the catalog version, and read back the same
		String json = CatalogJson.MAPPER.writeValueAsString(definition);
		assertThat(json).contains("\"quorum\":\"ANY\"").contains("\"quorum\":2").contains("\"quorum\":\"ALL\"");
		assertThat(CatalogJson.MAPPER.readValue(json, CatalogDefinition.class).approvalPolicy("prod")).isEqualTo(prod);
	}

	@Test
	void refusesStagesThatCannotBeDecided() {
		assertThatExceptionOfType(InvalidCatalogException.class)
			.isThrownBy(() -> CatalogLoader.read(item("      - {name: cab, role: APPROVER, quorum: ALL}\n")))
			.withMessageContaining("ALL needs a named group");
		assertThatExceptionOfType(InvalidCatalogException.class)
			.isThrownBy(() -> CatalogLoader.read(item("      - {name: cab, role: APPROVER, quorum: SOME}\n")))
			.withMessageContaining("A quorum is ANY, ALL or a number of people");
		assertThatExceptionOfType(InvalidCatalogException.class)
			.isThrownBy(() -> CatalogLoader.read(item("      - {name: cab, role: APPROVER, quorum: 0}\n")))
			.withMessageContaining("at least 1 person");
		assertThatExceptionOfType(InvalidCatalogException.class)
			.isThrownBy(
					() -> CatalogLoader.read(item("      - {name: cab, role: APPROVER, group: cab-core, quorum: 1}\n")))
			.withMessageContaining("names either a role or a group");
		assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalStage("cab", null, null, Quorum.ANY));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ApprovalStage("cab", Role.APPROVER, null, Quorum.ALL));
	}

	private static ByteArrayResource item(String stages) {
		String yaml = """
				key: policies
				name: Policies
				tier: MULTI_TENANT
				environmentClasses: [dev, prod]
				regions: [eu-west]
				template: {id: odoo}
				approvalPolicies:
				  dev: {name: dev-self-service, automatic: true}
				  prod:
				    name: prod-change-approval
				    stages:
				""" + stages + """
				parameters:
				  type: object
				  properties: {}
				""";
		return new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "policies.yaml");
	}

}
