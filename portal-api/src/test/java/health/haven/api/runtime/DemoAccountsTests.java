package health.haven.api.runtime;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DemoAccountsTests {

	@Test
	void areCreatedWithTheEmbeddedDatabaseOnly() {
		assertThat(demo(null, null).enabled()).isTrue();
		assertThat(demo(null, "jdbc:postgresql://db.example/haven").enabled()).isFalse();
	}

	@Test
	void followHavenDemoWhenItIsSet() {
		assertThat(demo(true, "jdbc:postgresql://db.example/haven").enabled()).isTrue();
		assertThat(demo(false, null).enabled()).isFalse();
	}

	private static DemoAccounts demo(Boolean demo, String datasourceUrl) {
		MockEnvironment environment = new MockEnvironment();
		if (datasourceUrl != null) {
			environment.setProperty("spring.datasource.url", datasourceUrl);
		}
		return new DemoAccounts(new HavenProperties(Path.of("var"), demo), environment, null, null, null, null, null,
				null);
	}

}
