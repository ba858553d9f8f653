package health.haven;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the module arrows one way: everything depends on provisioning, provisioning on
 * nothing of ours, and no module reaches into another's internals.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(HavenApplication.class);

	@Test
	void modulesDependOnlyOnWhatTheyMay() {
		this.modules.verify();
	}

	@Test
	void provisioningDependsOnNoOtherModule() {
		var provisioning = this.modules.getModuleByName("provisioning").orElseThrow();
		assertThat(provisioning.getDirectDependencies(this.modules).uniqueModules()).isEmpty();
		assertThat(this.modules.getModuleByName("gitops")
			.orElseThrow()
			.getDirectDependencies(this.modules)
			.uniqueModules()).containsExactly(provisioning);
	}

	@Test
	void documentsTheModules() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

}
