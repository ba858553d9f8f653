package health.haven.provisioning.catalog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

import health.haven.provisioning.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ParameterSchemaTests {

	private final ParameterSchema schema = ParameterSchema.compile(read(new File("../catalog/odoo-dedicated.yaml")));

	private static CatalogDefinition read(File file) {
		try {
			return CatalogLoader.read(new FileSystemResource(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void fillsInDefaults() {
		Map<String, Object> parameters = this.schema.withDefaults(Map.of("odooVersion", "17.0"));
		assertThat(parameters).containsEntry("odooVersion", "17.0")
			.containsEntry("workers", 4)
			.containsEntry("replicas", 2)
			.containsEntry("adminAllowList", List.of());
		assertThat(this.schema.validate(parameters)).isEmpty();
	}

	@Test
	void namesEachInvalidField() {
		List<FieldProblem> problems = this.schema.validate(this.schema.withDefaults(Map.of("odooVersion", "16.0",
				"workers", 1, "adminAllowList", List.of("10.0.0.0/8", "not-a-cidr"), "injected", "x")));
		assertThat(problems).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("parameters.adminAllowList[1]", "parameters.injected", "parameters.odooVersion",
					"parameters.workers");
	}

	@Test
	void saysWhatIsWrongInWordsNamingTheFieldByItsTitle() {
		List<FieldProblem> problems = this.schema
			.validate(this.schema.withDefaults(Map.of("odooVersion", "16.0", "workers", 1, "replicas", 11,
					"adminAllowList", List.of("10.0.0.0/8", "10.0.0/8", "10.0.0.0/8"), "injected", "x")));
		assertThat(problems).extracting(FieldProblem::message)
			.containsExactlyInAnyOrder(
					"Entry 2 of Admin IP allow-list must be an IPv4 network in CIDR form, such as 10.0.0.0/8",
					"Admin IP allow-list must not list the same entry twice",
					"'injected' is not a parameter of this catalog item; it takes odooVersion, workers, replicas, "
							+ "storageGi, databaseStorageGi, adminAllowList",
					"Odoo version must be one of 17.0, 18.0", "HTTP workers must be at least 2",
					"Replicas must be at most 10");
		assertThat(problems).extracting(FieldProblem::message).noneMatch((message) -> message.contains("^("));
	}

	@Test
	void rejectsAWrongTypeInWords() {
		assertThat(this.schema.validate(this.schema.withDefaults(Map.of("storageGi", "lots", "adminAllowList", "all"))))
			.containsExactly(new FieldProblem("parameters.adminAllowList", "Admin IP allow-list must be a list"),
					new FieldProblem("parameters.storageGi", "Filestore size (GiB) must be a whole number"));
	}

	@Test
	void saysAMissingRequiredParameterByItsTitle() {
		Map<String, Object> parameters = new HashMap<>(this.schema.withDefaults(Map.of()));
		parameters.remove("odooVersion");
		assertThat(this.schema.validate(parameters))
			.containsExactly(new FieldProblem("parameters.odooVersion", "Odoo version is required"));
	}

	@Test
	void refusesACatalogWhosePatternHasNoWords() {
		String item = """
				key: bad
				name: Bad
				tier: MULTI_TENANT
				environmentClasses: [dev]
				regions: [eu-west]
				template: {id: odoo}
				approvalPolicies: {dev: {name: dev-self-service, automatic: true}}
				parameters:
				  type: object
				  properties:
				    host: {title: Host, type: string, pattern: "^[a-z]+$"}
				""";
		assertThatExceptionOfType(InvalidCatalogException.class)
			.isThrownBy(() -> CatalogLoader.read(new ByteArrayResource(item.getBytes(StandardCharsets.UTF_8))))
			.withMessageContaining("bad parameters.host has a pattern but no errorMessage");
	}

	@Test
	void describesTheFieldsInTheFilesOrder() {
		assertThat(this.schema.fields()).extracting(ParameterField::name)
			.containsExactly("odooVersion", "workers", "replicas", "storageGi", "databaseStorageGi", "adminAllowList");
		ParameterField version = this.schema.fields().get(0);
		assertThat(version.isChoice()).isTrue();
		assertThat(version.allowedValues()).containsExactly("17.0", "18.0");
		assertThat(this.schema.fields().get(5).isArray()).isTrue();
	}

	@Test
	void everyCatalogFileHasAPolicyForEachClassItOffers() {
		for (File file : new File("../catalog").listFiles((dir, name) -> name.endsWith(".yaml"))) {
			CatalogDefinition definition = read(file);
			definition.environmentClasses()
				.forEach((environmentClass) -> assertThat(definition.approvalPolicy(environmentClass).automatic())
					.isEqualTo(EnvironmentClass.DEV.equals(environmentClass)));
		}
	}

}
