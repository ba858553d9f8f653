package health.haven.gitops.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's options, figures and report.
 */
public final class Benchmarks {

	/**
	 * The writer pushes to a real {@code git daemon} on loopback.
	 */
	public static final String GIT_DAEMON = "git-daemon";

	/**
	 * The writer pushes to JGit's daemon on loopback (see {@link JGitDaemon}).
	 */
	public static final String JGIT_DAEMON = "jgit-daemon";

	/**
	 * The writer commits to a repository without a remote.
	 */
	public static final String NONE = "none";

	private Benchmarks() {
	}

	/**
	 * The value at a percentile of the sorted values (nearest rank).
	 */
	public static double percentile(List<Double> values, double percentile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

	public static String summary(List<Double> milliseconds) {
		return "p50 %.1f ms, p99 %.1f ms (%d samples)".formatted(percentile(milliseconds, 50),
				percentile(milliseconds, 99), milliseconds.size());
	}

	/**
	 * The table of every run, then the targets of issue 6 and whether they were met.
	 */
	public static void print(List<Result> results, PrintStream out) {
		out.println();
		out.println("| remote | folders | in flight | approval→push p50 | p99 | commits/s | ms per commit "
				+ "| JGit floor p50 | p99 |");
		out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Result result : results) {
			out.printf("| %s | %,d | %d | %.1f ms | %.1f ms | %.1f | %.1f | %.1f ms | %.1f ms |%n", result.remote(),
					result.folders(), result.concurrency(), result.p50(), result.p99(), result.commitsPerSecond(),
					1000 / result.commitsPerSecond(), percentile(result.floor(), 50), percentile(result.floor(), 99));
		}
		out.println();
		for (Result result : results) {
			if (result.concurrency() == 10) {
				out.printf("target, %s, %,d folders, 10 in flight: p50 %.1f ms ≤ 100 ms %s, p99 %.1f ms ≤ 500 ms %s%n",
						result.remote(), result.folders(), result.p50(), verdict(result.p50() <= 100), result.p99(),
						verdict(result.p99() <= 500));
			}
			if (result.concurrency() == 50) {
				out.printf("target, %s, %,d folders, 50 in flight: %.1f commits/s ≥ 50 %s%n", result.remote(),
						result.folders(), result.commitsPerSecond(), verdict(result.commitsPerSecond() >= 50));
			}
		}
		for (String remote : results.stream().map(Result::remote).distinct().toList()) {
			for (int concurrency : results.stream().mapToInt(Result::concurrency).distinct().toArray()) {
				Optional<Result> smallest = find(results, remote, 100, concurrency);
				Optional<Result> largest = find(results, remote, 100_000, concurrency);
				if (smallest.isPresent() && largest.isPresent()) {
					double perCommit = (1000 / largest.get().commitsPerSecond())
							/ (1000 / smallest.get().commitsPerSecond());
					double p50 = largest.get().p50() / smallest.get().p50();
					out.printf(
							"target, %s, %d in flight: 100,000 folders vs 100: %.2f× per commit, %.2f× p50 (≤ 1.5×) %s%n",
							remote, concurrency, perCommit, p50, verdict(perCommit <= 1.5 && p50 <= 1.5));
				}
			}
		}
	}

	private static Optional<Result> find(List<Result> results, String remote, int folders, int concurrency) {
		return results.stream()
			.filter((result) -> result.remote().equals(remote) && result.folders() == folders
					&& result.concurrency() == concurrency)
			.findFirst();
	}

	private static String verdict(boolean met) {
		return met ? "met" : "NOT MET";
	}

	/**
	 * One run: where the writer pushes, the repository's size, approvals in flight, each
	 * approval's latency, the throughput, and the floor measured in that repository.
	 */
	public record Result(String remote, int folders, int concurrency, List<Double> latencies, double commitsPerSecond,
			List<Double> floor) {

		public double p50() {
			return percentile(this.latencies, 50);
		}

		public double p99() {
			return percentile(this.latencies, 99);
		}

	}

	/**
	 * What to run: {@code --remotes=git-daemon,jgit-daemon,none
	 * --folders=100,10000,100000 --concurrency=1,10,50 --approvals=100
	 * --floor-commits=50}.
	 *
	 * @param remotes where the writer pushes: {@code git-daemon}, C git's
	 * {@code git daemon} on loopback; {@code jgit-daemon}, JGit's daemon on loopback, a
	 * server whose work per push does not grow with the repository; {@code none}, the
	 * portal's first-run default, a repository without a remote (what Haven itself costs,
	 * without a git server's)
	 * @param approvals how many approvals a run takes in all (split over the approvers in
	 * flight, at least {@code minimumPerApprover} each)
	 * @param warmUp approvals before the first measured run of each repository
	 * @param jvmWarmUp approvals (10 in flight) before the measured runs of each remote,
	 * in a repository of their own (100 folders, pushed to the same server), that the JIT
	 * compilers of the benchmark and of the server have compiled what runs hot:
	 * {@code --jvm-warm-up=3000}; 0 skips it
	 */
	public record Options(List<String> remotes, List<Integer> folders, List<Integer> concurrency, int approvals,
			int minimumPerApprover, int warmUp, int jvmWarmUp, int floorCommits) {

		public static Options parse(String[] args) {
			List<String> remotes = List.of(GIT_DAEMON, JGIT_DAEMON, NONE);
			List<Integer> folders = List.of(100, 10_000, 100_000);
			List<Integer> concurrency = List.of(1, 10, 50);
			int approvals = 100;
			int floorCommits = 50;
			// on 2 CPUs the compilers were still busy for half a CPU after 300 (measured)
			int jvmWarmUp = 3000;
			for (String arg : args) {
				String[] option = arg.split("=", 2);
				switch (option[0]) {
					case "--remotes" -> remotes = remotes(option[1]);
					case "--folders" -> folders = numbers(option[1]);
					case "--concurrency" -> concurrency = numbers(option[1]);
					case "--approvals" -> approvals = Integer.parseInt(option[1]);
					case "--floor-commits" -> floorCommits = Integer.parseInt(option[1]);
					case "--jvm-warm-up" -> jvmWarmUp = Integer.parseInt(option[1]);
					default -> throw new IllegalArgumentException("Unknown option " + arg
							+ "; known: --remotes=git-daemon,jgit-daemon,none --folders=100,10000,100000 "
							+ "--concurrency=1,10,50 --approvals=100 --floor-commits=50 --jvm-warm-up=3000");
				}
			}
			return new Options(remotes, folders, concurrency, approvals, 10, 20, jvmWarmUp, floorCommits);
		}

		private static List<String> remotes(String list) {
			List<String> remotes = Arrays.stream(list.split(",")).map(String::strip).toList();
			for (String remote : remotes) {
				if (!remote.equals(GIT_DAEMON) && !remote.equals(JGIT_DAEMON) && !remote.equals(NONE)) {
					throw new IllegalArgumentException(
							"Unknown remote " + remote + "; known: " + GIT_DAEMON + ", " + JGIT_DAEMON + ", " + NONE);
				}
			}
			return remotes;
		}

		private static List<Integer> numbers(String list) {
			return Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList();
		}

	}

}
