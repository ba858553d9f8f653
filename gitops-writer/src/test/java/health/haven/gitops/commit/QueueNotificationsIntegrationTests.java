package health.haven.gitops.commit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import health.haven.gitops.WriterTestConfiguration;
import health.haven.gitops.lease.HeldLease;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change queued on another replica reaches the writer's loop through PostgreSQL's
 * notifications, on a real PostgreSQL: at once, not at the loop's next poll, and again
 * after the listening connection was cut.
 */
@SpringJUnitConfig(WriterTestConfiguration.class)
@Import({ CommitQueue.class, FolderRecords.class })
class QueueNotificationsIntegrationTests {

	// a poll so rare that a change taken within the test's wait was taken because of its
	// notification
	private static final CommitLoopSettings POLLING_RARELY = new CommitLoopSettings(200, Duration.ofMinutes(5),
			Duration.ofMillis(200), Duration.ofSeconds(1));

	@Autowired
	CommitQueue queue;

	@Autowired
	FolderRecords folders;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	Clock clock;

	@TempDir
	Path data;

	private final AtomicInteger wakes = new AtomicInteger();

	private GitOpsRepository repository;

	private CommitLoop loop;

	private QueueNotifications notifications;

	@BeforeEach
	void emptyQueue() {
		this.jdbc.sql("delete from gitops_change").update();
		this.jdbc.sql("delete from gitops_folder").update();
	}

	/**
	 * The writing replica's loop and listener; this test's queue plays another replica,
	 * unless the listener is told the queue is its own.
	 */
	private void startTheWriter(String ownReplica) throws Exception {
		this.repository = new GitOpsRepository(new GitOpsProperties(null, this.data.resolve("gitops.git"),
				this.data.resolve("mirror.git"), "main", null, "Haven", "haven@haven.example", null, null, null),
				this.clock);
		this.loop = new CommitLoop(this.queue, this.folders, this.repository, new HeldLease(), POLLING_RARELY,
				this.clock);
		this.notifications = new QueueNotifications(this.dataSource, ownReplica, () -> {
			this.wakes.incrementAndGet();
			this.loop.wake();
		}, Duration.ofMillis(200));
		this.loop.start();
		this.notifications.start();
		// listening starts with a wake, for what was queued before it
		await().atMost(Duration.ofSeconds(10)).until(() -> this.wakes.get() == 1);
	}

	@AfterEach
	void stopTheWriter() {
		this.notifications.stop();
		this.loop.stop();
		this.repository.close();
	}

	@Test
	void aChangeQueuedElsewhereIsTakenAtOnceNotAtTheNextPoll() throws Exception {
		startTheWriter("the-writing-replica");
		// queued as another replica queues it: nothing here wakes the loop by hand
		UUID id = enqueue("environments/finance/erp");

		await().atMost(Duration.ofSeconds(20)).until(() -> committed(id));
		assertThat(this.wakes.get()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void passesOverItsOwnReplicasNotifications() throws Exception {
		startTheWriter(this.queue.replica());

		// queued here: whoever queues a change in this replica wakes its loop itself
		UUID id = enqueue("environments/finance/erp");

		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> this.wakes.get() == 1);
		assertThat(committed(id)).isFalse();
	}

	@Test
	void listensAgainAfterItsConnectionWasCut() throws Exception {
		startTheWriter("the-writing-replica");
		Integer cut = this.jdbc.sql("""
				select count(pg_terminate_backend(pid)) from pg_stat_activity
				where pid <> pg_backend_pid() and query = 'listen %s'""".formatted(QueueNotifications.CHANNEL))
			.query(Integer.class)
			.single();
		assertThat(cut).isEqualTo(1);
		// listening again starts with a wake
		await().atMost(Duration.ofSeconds(20)).until(() -> this.wakes.get() == 2);

		UUID id = enqueue("environments/finance/erp-after-cut");

		await().atMost(Duration.ofSeconds(20)).until(() -> committed(id));
		assertThat(this.wakes.get()).isGreaterThanOrEqualTo(3);
	}

	private UUID enqueue(String folder) {
		UUID id = UUID.randomUUID();
		this.queue.enqueue(id, folder, Map.of(folder + "/deployment.yaml", "replicas: 1"),
				"Create " + folder + "\n\nHaven-Request: " + id + "\n", CommitLoopIntegrationTests.PLACEMENT);
		return id;
	}

	private boolean committed(UUID id) {
		return this.jdbc.sql("select state from gitops_change where request_id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.filter(CommitQueue.COMMITTED::equals)
			.isPresent();
	}

}
