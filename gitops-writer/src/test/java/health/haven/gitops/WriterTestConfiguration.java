package health.haven.gitops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.gitops.reconcile.ReconcileTargets;

/**
 * What the writer needs of the portal, and no more: a real PostgreSQL with the portal's
 * migrations, transactions, and a record of the events published.
 *
 * <p>
 * Not a {@code @Configuration}: this class travels in the test jar the system tests use,
 * and the portal's component scan must not pick it up.
 */
@EnableTransactionManagement
public class WriterTestConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres postgres() throws IOException {
		return EmbeddedPostgres.builder().start();
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) {
		DataSource dataSource = postgres.getPostgresDatabase();
		Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + Path.of("../db/migration").toAbsolutePath().normalize())
			.load()
			.migrate();
		return dataSource;
	}

	@Bean
	JdbcClient jdbcClient(DataSource dataSource) {
		return JdbcClient.create(dataSource);
	}

	@Bean
	PlatformTransactionManager transactionManager(DataSource dataSource) {
		return new JdbcTransactionManager(dataSource);
	}

	@Bean
	TransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
		return new TransactionTemplate(transactions);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ReconcileTargets reconcileTargets() {
		return ReconcileTargets.none();
	}

	@Bean
	PublishedEvents publishedEvents() {
		return new PublishedEvents();
	}

}
