package health.haven.provisioning.catalog;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.FileSystemResource;

import health.haven.provisioning.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(problems).allSatisfy((problem) -> assertThat(problem.message()).isNotBlank());
	}

	@Test
	void rejectsAWrongType() {
		assertThat(this.schema.validate(this.schema.withDefaults(Map.of("storageGi", "lots"))))
			.extracting(FieldProblem::field)
			.containsExactly("parameters.storageGi");
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
