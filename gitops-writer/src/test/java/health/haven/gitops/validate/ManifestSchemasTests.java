package health.haven.gitops.validate;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestSchemasTests {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static ManifestSchemas schemas;

	@BeforeAll
	static void load() throws IOException {
		schemas = TestSchemas.builtIn();
	}

	@Test
	void acceptsAValidDeployment() throws IOException {
		assertThat(schemas.validate(deployment("replicas: 2"))).isEmpty();
	}

	@Test
	void rejectsAnUnknownFieldInABuiltInKind() throws IOException {
		assertThat(schemas.validate(deployment("replicass: 2"))).singleElement()
			.asString()
			.contains("/spec", "replicass");
	}

	@Test
	void rejectsAWrongTypeInABuiltInKind() throws IOException {
		assertThat(schemas.validate(deployment("replicas: two"))).singleElement().asString().contains("/spec/replicas");
	}

	@Test
	void acceptsIntegersAndStringsWhereKubernetesTakesEither() throws IOException {
		assertThat(schemas.validate(yaml("""
				apiVersion: policy/v1
				kind: PodDisruptionBudget
				metadata: {name: odoo}
				spec: {minAvailable: 1, selector: {matchLabels: {app: odoo}}}
				"""))).isEmpty();
		assertThat(schemas.validate(yaml("""
				apiVersion: policy/v1
				kind: PodDisruptionBudget
				metadata: {name: odoo}
				spec: {minAvailable: "50%", selector: {matchLabels: {app: odoo}}}
				"""))).isEmpty();
	}

	@Test
	void rejectsAnUnknownFieldInACustomResource() throws IOException {
		List<String> problems = schemas.validate(yaml("""
				apiVersion: postgresql.cnpg.io/v1
				kind: Cluster
				metadata: {name: odoo-db}
				spec: {instances: 1, storage: {sizee: 10Gi}}
				"""));
		assertThat(problems).singleElement().asString().contains("/spec/storage", "sizee");
	}

	@Test
	void rejectsAWrongTypeInACustomResource() throws IOException {
		assertThat(schemas.validate(yaml("""
				apiVersion: postgresql.cnpg.io/v1
				kind: Cluster
				metadata: {name: odoo-db}
				spec: {instances: "3", storage: {size: 10Gi}}
				"""))).singleElement().asString().contains("/spec/instances");
	}

	@Test
	void holdsTheMetadataOfCustomResourcesToObjectMeta() throws IOException {
		assertThat(schemas.validate(yaml("""
				apiVersion: external-secrets.io/v1
				kind: ExternalSecret
				metadata: {name: odoo-config, labelz: {a: b}}
				spec: {secretStoreRef: {name: vault, kind: ClusterSecretStore}}
				"""))).singleElement().asString().contains("metadata", "labelz");
	}

	@Test
	void knowsNoKindItHasNoSchemaFor() throws IOException {
		assertThat(schemas.validate(yaml("""
				apiVersion: example.com/v1
				kind: Unknown
				metadata: {name: x}
				"""))).singleElement().asString().contains("no schema");
	}

	private static JsonNode deployment(String specLine) throws IOException {
		return yaml("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: odoo, namespace: odoo-finance-erp}
				spec:
				  %s
				  selector: {matchLabels: {app: odoo}}
				  template:
				    metadata: {labels: {app: odoo}}
				    spec:
				      containers: [{name: odoo, image: odoo}]
				""".formatted(specLine));
	}

	private static JsonNode yaml(String text) throws IOException {
		return YAML.readTree(text);
	}

}
