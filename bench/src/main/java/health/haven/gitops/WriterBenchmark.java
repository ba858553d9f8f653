package health.haven.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.gitops.bench.Benchmarks;
import health.haven.gitops.bench.JGitDaemon;
import health.haven.gitops.bench.JGitFloor;
import health.haven.gitops.bench.PopulatedRepository;
import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitLoopSettings;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.lease.HeldLease;
import health.haven.gitops.render.Destination;
import health.haven.gitops.render.ManifestRenderers;
import health.haven.gitops.render.OdooManifestRenderer;
import health.haven.gitops.repository.GitDaemon;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.provisioning.gate.GateProperties;
import health.haven.provisioning.gate.GateSubject;
import health.haven.provisioning.gate.PolicyGates;
import health.haven.provisioning.request.GatesBeforeCommit;
import health.haven.provisioning.request.ManifestsCommitted;
import health.haven.provisioning.request.RequestApproved;

/**
 * The GitOps writer under load: approval-to-push latency and commits per second at 1, 10
 * and 50 approvals in flight, in repositories that already hold 100, 10,000 and 100,000
 * environment folders, beside a bare JGit commit of the same files (the floor).
 *
 * <p>
 * Everything an approval costs is in the latency: the render, validation against the
 * schemas, the queue row in a real PostgreSQL (fsync on), the writer's pass, the push to
 * a real {@code git daemon} on loopback (or no push, for a repository without a remote),
 * and the commit's record and report. It starts when the approval is delivered to the
 * writer and ends when its {@link ManifestsCommitted} report is committed. Each approver
 * delivers its next approval when its last one was reported, so "in flight" is exactly
 * the concurrency. Run it with {@code bench/run}; see {@code bench/README.md}.
 */
public final class WriterBenchmark {

	private WriterBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Benchmarks.Options options = Benchmarks.Options.parse(args);
		Path work = Files.createTempDirectory("haven-bench-");
		System.out.printf("Haven GitOps writer benchmark: %d CPU(s), Java %s, working in %s%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), work);
		List<Benchmarks.Result> results = new ArrayList<>();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
				Servers servers = new Servers(work)) {
			context.register(DurableDatabase.class, CommitQueue.class, FolderRecords.class, Arrivals.class);
			context.refresh();
			System.out.printf("PostgreSQL with fsync %s and synchronous_commit %s, as the portal runs it%n",
					context.getBean(JdbcClient.class).sql("show fsync").query(String.class).single(),
					context.getBean(JdbcClient.class).sql("show synchronous_commit").query(String.class).single());
			for (String remote : options.remotes()) {
				if (options.jvmWarmUp() > 0) {
					// the JIT compiles the render, the validation, the writer and the
					// push (and the server its receiving side) under load, in a
					// repository of its own: every measured one starts alike
					run(context, servers, work.resolve("jvm-warm-up-" + remote), remote, 100, options, false);
				}
				for (int folders : options.folders()) {
					results.addAll(run(context, servers, work.resolve(remote + "-" + folders), remote, folders, options,
							true));
				}
			}
		}
		finally {
			deleteQuietly(work);
		}
		Benchmarks.print(results, System.out);
	}

	/**
	 * Builds a repository of the given size and measures the writer in it at each
	 * concurrency, or, when not measured, only warms the JVM up in it.
	 */
	private static List<Benchmarks.Result> run(AnnotationConfigApplicationContext context, Servers servers, Path work,
			String remote, int folders, Benchmarks.Options options, boolean measured) throws Exception {
		Clock clock = context.getBean(Clock.class);
		ManifestRenderers renderers = new ManifestRenderers(List.of(new OdooManifestRenderer()));
		Map<String, byte[]> template = renderers
			.render(ApprovedRequests.dev(UUID.randomUUID(), "template"), new Destination("git://bench", "main"))
			.asYaml();
		Path served = Files.createDirectories(work.resolve("served"));
		long began = System.nanoTime();
		PopulatedRepository.create(served.resolve("gitops.git"), folders, template, "finance", "template",
				"shared-eu-west");
		Server server = servers.serve(remote, served.resolve("gitops.git"));
		System.out.printf("%n%s, %,d environment folders%s: repository built in %.1f s%n", remote, folders,
				measured ? "" : " (to warm the JVM up)", (System.nanoTime() - began) / 1e9);

		List<Double> floor = List.of();
		if (measured) {
			floor = JGitFloor.measure(served.resolve("gitops.git"), named(template), options.floorCommits());
			System.out.printf("  floor (JGit alone, DirCache): %s%n", Benchmarks.summary(floor));
		}

		JdbcClient jdbc = context.getBean(JdbcClient.class);
		jdbc.sql("delete from gitops_change").update();
		jdbc.sql("delete from gitops_folder").update();
		List<Benchmarks.Result> results = new ArrayList<>();
		try (GitOpsRepository repository = new GitOpsRepository(server.pushing()
				? new GitOpsProperties(server.url(), work.resolve("local.git"), work.resolve("mirror.git"), "main",
						null, "Haven", "haven@haven.example", null, null, null)
				// without a remote the populated repository is the GitOps
				// repository
				: new GitOpsProperties(null, served.resolve("gitops.git"), work.resolve("mirror.git"), "main", null,
						"Haven", "haven@haven.example", null, null, null),
				clock)) {
			CommitLoop loop = new CommitLoop(context.getBean(CommitQueue.class), context.getBean(FolderRecords.class),
					repository, new HeldLease(),
					new CommitLoopSettings(200, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMinutes(5)),
					clock);
			// the gates before the commit, as the portal runs them
			PolicyGates gates = new PolicyGates(GateProperties.defaults(), clock);
			GitOpsWriter writer = new GitOpsWriter(renderers, new ManifestValidator(ManifestSchemas.builtIn()),
					context.getBean(CommitQueue.class), loop,
					new Destination(server.pushing() ? server.url() : "file://" + served.resolve("gitops.git"), "main"),
					context, (approved, files) -> gates
						.check(GatesBeforeCommit.subject(approved, files, GateSubject.TeamUsage.NONE)));
			Approver approver = new Approver(writer, context.getBean(TransactionTemplate.class),
					context.getBean(Arrivals.class));
			loop.start();
			try {
				// the first pass fetches the whole repository into the writer's mirror
				approver.run(1, options.warmUp());
				if (!measured) {
					approver.run(10, options.jvmWarmUp() / 10);
				}
				else {
					for (int concurrency : options.concurrency()) {
						int perApprover = Math.max(options.minimumPerApprover(), options.approvals() / concurrency);
						long start = System.nanoTime();
						List<Double> latencies = approver.run(concurrency, perApprover);
						double seconds = (System.nanoTime() - start) / 1e9;
						Benchmarks.Result result = new Benchmarks.Result(remote, folders, concurrency, latencies,
								latencies.size() / seconds, floor);
						System.out.printf(
								"  %2d in flight: %s, %.1f commits/s (of which render, validation and queue "
										+ "row: %s)%n",
								concurrency, Benchmarks.summary(latencies), result.commitsPerSecond(),
								Benchmarks.summary(approver.queuing()));
						results.add(result);
					}
				}
			}
			finally {
				loop.stop();
			}
		}
		deleteQuietly(work);
		return results;
	}

	/**
	 * The git servers the runs push to, one of each kind for the whole benchmark, serving
	 * every repository under the working folder: a server warms up once, as one that has
	 * been running for a while has.
	 */
	private static final class Servers implements AutoCloseable {

		private final Path base;

		private GitDaemon gitDaemon;

		private JGitDaemon jgitDaemon;

		Servers(Path base) {
			this.base = base;
		}

		/**
		 * The server of the given kind, serving the repository.
		 */
		Server serve(String remote, Path repository) throws IOException {
			if (Benchmarks.NONE.equals(remote)) {
				return new Server(null);
			}
			// as Gerrit sets up its JGit server: no garbage collection after each push
			// (on the benchmark's two CPUs, the server's collections took more time
			// than its receiving), the repository's upkeep scheduled on its own
			try (Repository served = new FileRepositoryBuilder().setGitDir(repository.toFile()).setBare().build()) {
				served.getConfig().setBoolean("receive", null, "autogc", false);
				served.getConfig().save();
			}
			String name = this.base.relativize(repository).toString();
			return switch (remote) {
				case Benchmarks.GIT_DAEMON -> {
					if (this.gitDaemon == null) {
						this.gitDaemon = new GitDaemon(this.base);
					}
					yield new Server(this.gitDaemon.url(name));
				}
				case Benchmarks.JGIT_DAEMON -> {
					if (this.jgitDaemon == null) {
						this.jgitDaemon = new JGitDaemon(this.base);
					}
					yield new Server(this.jgitDaemon.url(name));
				}
				default -> throw new IllegalArgumentException("Unknown remote " + remote);
			};
		}

		@Override
		public void close() throws Exception {
			if (this.gitDaemon != null) {
				this.gitDaemon.close();
			}
			if (this.jgitDaemon != null) {
				this.jgitDaemon.close();
			}
		}

	}

	/**
	 * The URL of the repository a run pushes to, if any.
	 */
	private record Server(String url) {

		boolean pushing() {
			return this.url != null;
		}

	}

	/**
	 * The template's files with {@code {name}} where each floor commit puts its own
	 * environment's name: the same files as a request's commit.
	 */
	private static Map<String, byte[]> named(Map<String, byte[]> template) {
		Map<String, byte[]> named = new TreeMap<>();
		template.forEach((path, content) -> named.put(path.replace("template", "{name}"), content));
		return named;
	}

	private static void deleteQuietly(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Collections.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder: the system cleans it some day
		}
	}

	/**
	 * Approvals delivered to the writer as the event publication registry delivers them
	 * (each in a transaction of its own), each timed until its commit is reported.
	 */
	private static final class Approver {

		private static final AtomicInteger NAMES = new AtomicInteger();

		private final GitOpsWriter writer;

		private final TransactionTemplate transactions;

		private final Arrivals arrivals;

		// how long the approval's own transaction took: render, validation, queue row
		private final List<Double> queuing = Collections.synchronizedList(new ArrayList<>());

		Approver(GitOpsWriter writer, TransactionTemplate transactions, Arrivals arrivals) {
			this.writer = writer;
			this.transactions = transactions;
			this.arrivals = arrivals;
		}

		/**
		 * The part of the latencies of the last run spent before the writer took over.
		 */
		List<Double> queuing() {
			return this.queuing;
		}

		List<Double> run(int concurrency, int perApprover) throws Exception {
			this.queuing.clear();
			// prepared before the clock runs: reading the catalog is not the writer's
			// cost
			List<List<RequestApproved>> approvals = new ArrayList<>();
			for (int i = 0; i < concurrency; i++) {
				List<RequestApproved> mine = new ArrayList<>();
				for (int j = 0; j < perApprover; j++) {
					mine.add(ApprovedRequests.dev(UUID.randomUUID(), "b-%06d".formatted(NAMES.incrementAndGet())));
				}
				approvals.add(mine);
			}
			ExecutorService threads = Executors.newFixedThreadPool(concurrency);
			try {
				List<Future<List<Double>>> running = new ArrayList<>();
				for (List<RequestApproved> mine : approvals) {
					running.add(threads.submit(() -> approve(mine)));
				}
				List<Double> latencies = new ArrayList<>();
				for (Future<List<Double>> future : running) {
					latencies.addAll(future.get(30, TimeUnit.MINUTES));
				}
				return latencies;
			}
			finally {
				threads.shutdownNow();
			}
		}

		private List<Double> approve(List<RequestApproved> approvals) throws Exception {
			List<Double> latencies = new ArrayList<>();
			for (RequestApproved approved : approvals) {
				CompletableFuture<Long> reported = this.arrivals.expect(approved.requestId());
				long began = System.nanoTime();
				this.transactions.executeWithoutResult((status) -> this.writer.on(approved));
				long queued = System.nanoTime();
				long at = reported.get(5, TimeUnit.MINUTES);
				latencies.add((at - began) / 1e6);
				this.queuing.add((queued - began) / 1e6);
			}
			return latencies;
		}

	}

	/**
	 * The writer's test wiring, with the database as durable as the portal's embedded
	 * one: what a commit costs includes the fsync of the queue row and of the report.
	 */
	static class DurableDatabase extends WriterTestConfiguration {

		@Override
		@Bean(destroyMethod = "close")
		EmbeddedPostgres postgres() throws IOException {
			return EmbeddedPostgres.builder()
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on")
				.start();
		}

		/**
		 * A pool of connections, as the portal's (HikariCP, Spring Boot's default of 10):
		 * without one, every transaction of the writer would open a connection of its
		 * own, a cost the portal does not pay.
		 */
		@Override
		@Bean(destroyMethod = "close")
		DataSource dataSource(EmbeddedPostgres postgres) {
			// the schema, migrated through a connection of its own
			super.dataSource(postgres);
			HikariConfig pool = new HikariConfig();
			pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
			pool.setMaximumPoolSize(10);
			return new HikariDataSource(pool);
		}

	}

	/**
	 * When each commit's report was committed.
	 */
	static class Arrivals {

		private final Map<UUID, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();

		CompletableFuture<Long> expect(UUID requestId) {
			return this.expected.computeIfAbsent(requestId, (id) -> new CompletableFuture<>());
		}

		@TransactionalEventListener(fallbackExecution = true)
		void on(ManifestsCommitted committed) {
			expect(committed.requestId()).complete(System.nanoTime());
		}

	}

}
