package health.haven.gitops.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The writer lease as a Kubernetes {@code coordination.k8s.io/v1 Lease}, through
 * fabric8's leader election: the replica that holds the lease writes; one that stops
 * renewing it (stopped, killed, cut off) is replaced once the lease runs out. A replica
 * that loses the lease competes for it again.
 */
public class KubernetesLease implements WriterLease, SmartLifecycle {

	static final String LEASE_NAME = "haven-gitops-writer";

	private static final Logger logger = LoggerFactory.getLogger(KubernetesLease.class);

	private final KubernetesClient client;

	private final LeaseSettings settings;

	private final String identity;

	private final LeaseState state = new LeaseState();

	private volatile boolean running;

	private CompletableFuture<?> election;

	public KubernetesLease(KubernetesClient client, LeaseSettings settings) {
		this.client = client;
		this.settings = settings;
		this.identity = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public boolean isHeld() {
		return this.state.isHeld();
	}

	@Override
	public void addListener(Listener listener) {
		this.state.addListener(listener);
	}

	@Override
	public synchronized void start() {
		this.running = true;
		compete();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.election != null) {
			// with release on cancel the next replica need not wait for the lease to run
			// out
			this.election.cancel(true);
			this.election = null;
		}
		setHeld(false);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	String identity() {
		return this.identity;
	}

	private synchronized void compete() {
		if (!this.running) {
			return;
		}
		this.election = this.client.leaderElector()
			.withConfig(new LeaderElectionConfigBuilder().withName(LEASE_NAME)
				.withLock(new LeaseLock(this.settings.namespace(), LEASE_NAME, this.identity))
				.withLeaseDuration(this.settings.duration())
				.withRenewDeadline(this.settings.renewDeadline())
				.withRetryPeriod(this.settings.retryPeriod())
				.withReleaseOnCancel(true)
				.withLeaderCallbacks(new LeaderCallbacks(() -> setHeld(true), () -> setHeld(false),
						(leader) -> logger.info("The GitOps writer is now {}", leader)))
				.build())
			.build()
			.start();
		// fabric8's election ends when the lease is lost; compete again
		this.election.whenComplete((done, error) -> {
			setHeld(false);
			if (this.running && !(error instanceof java.util.concurrent.CancellationException)) {
				compete();
			}
		});
	}

	private void setHeld(boolean held) {
		if (this.state.set(held)) {
			logger.info(
					held ? "This portal ({}) is the GitOps writer now: it holds the Lease {}/{}"
							: "This portal ({}) no longer holds the Lease {}/{}",
					this.identity, this.settings.namespace(), LEASE_NAME);
		}
	}

	private static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "portal";
		}
	}

}
