package health.haven.api.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.people.People;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code SPRING_DATASOURCE_URL} set the portal uses that PostgreSQL: no embedded
 * server, the schema from Flyway, the catalog loaded, and no demo accounts.
 */
@SpringBootTest
class ExternalDatabaseIntegrationTests {

	// stands in for the organisation's PostgreSQL server
	private static final EmbeddedPostgres EXTERNAL = start();

	@Autowired
	ApplicationContext context;

	@Autowired
	People people;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	Catalog catalog;

	@DynamicPropertySource
	static void externalDatabase(DynamicPropertyRegistry registry) throws IOException {
		registry.add("spring.datasource.url", () -> EXTERNAL.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		Path data = Files.createTempDirectory("haven-external-");
		registry.add("haven.data-dir", data::toString);
	}

	/**
	 * Stops the stand-in server after the portal's data source is closed, as the real
	 * server outlives the portal; stopping it earlier would leave the shutdown waiting
	 * for a connection.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ExternalServerLifecycle {

		@Bean
		static BeanFactoryPostProcessor dataSourceNeedsTheServer() {
			return (beanFactory) -> beanFactory.getBeanDefinition("dataSource").setDependsOn("externalServer");
		}

		@Bean
		AutoCloseable externalServer() {
			return EXTERNAL::close;
		}

	}

	@Test
	void usesTheGivenServerAndCreatesNoDemoAccounts() {
		assertThat(this.context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
		assertThat(this.people.anyone()).isFalse();
		assertThat(this.clients.findByClientId("ticketing-demo")).isNull();
		assertThat(this.catalog.latest()).hasSize(2);
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
