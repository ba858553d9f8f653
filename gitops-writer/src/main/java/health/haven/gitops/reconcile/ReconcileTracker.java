package health.haven.gitops.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import health.haven.gitops.lease.WriterLease;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.ReconcileConnectionLost;
import health.haven.provisioning.environment.ReconcileObserved;

/**
 * Watches the GitOps controllers' objects while this replica is the writer: an informer
 * (list, then watch, with periodic resync) per target, on the objects the renderer
 * labelled as the portal's. Each change an object reports is published once
 * ({@link ReconcileObserved}); the same state handed over again (a resync) is not.
 *
 * <p>
 * Each watch is checked at a fixed interval: a watch that is down, or that could not list
 * its objects at first, makes its environments unknown ({@link ReconcileConnectionLost})
 * instead of leaving them as they were last seen. When it is back, every object it holds
 * is reported again.
 */
public class ReconcileTracker implements WriterLease.Listener, DisposableBean {

	static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

	static final ResourceDefinitionContext ARGO_APPLICATIONS = new ResourceDefinitionContext.Builder()
		.withGroup("argoproj.io")
		.withVersion("v1alpha1")
		.withKind("Application")
		.withPlural("applications")
		.withNamespaced(true)
		.build();

	static final ResourceDefinitionContext FLUX_KUSTOMIZATIONS = new ResourceDefinitionContext.Builder()
		.withGroup("kustomize.toolkit.fluxcd.io")
		.withVersion("v1")
		.withKind("Kustomization")
		.withPlural("kustomizations")
		.withNamespaced(true)
		.build();

	private static final Logger logger = LoggerFactory.getLogger(ReconcileTracker.class);

	private final KubernetesClients clients;

	private final ReconcileTargets targets;

	private final ReconcileReports reports;

	private final ReconcileSettings settings;

	private final Clock clock;

	private final List<Watch> watches = new ArrayList<>();

	private ScheduledExecutorService checks;

	/**
	 * A tracker that reaches the clusters as the settings say.
	 */
	public static ReconcileTracker of(KubernetesClients clients, ReconcileSettings settings, ReconcileTargets targets,
			ReconcileReports reports, Clock clock) {
		return new ReconcileTracker(clients, targets, reports, settings, clock);
	}

	ReconcileTracker(KubernetesClients clients, ReconcileTargets targets, ReconcileReports reports,
			ReconcileSettings settings, Clock clock) {
		this.clients = clients;
		this.targets = targets;
		this.reports = reports;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public synchronized void acquired() {
		if (this.checks != null) {
			return;
		}
		for (ReconcileTargets.Target target : this.targets.targets()) {
			Watch watch = new Watch(target);
			this.watches.add(watch);
			watch.start();
		}
		this.checks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "reconcile-watch-check");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.settings.checkInterval().toMillis();
		this.checks.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void lost() {
		if (this.checks != null) {
			this.checks.shutdownNow();
			this.checks = null;
		}
		this.watches.forEach(Watch::stop);
		this.watches.clear();
	}

	@Override
	public void destroy() {
		lost();
	}

	/**
	 * Checks every watch now (the scheduled check does this at its interval).
	 */
	synchronized void check() {
		this.watches.forEach(Watch::check);
	}

	/**
	 * The informer of one target, and what it reported last for each object.
	 */
	private final class Watch {

		private final ReconcileTargets.Target target;

		private final Map<String, ReconcileObserved> reported = new ConcurrentHashMap<>();

		private SharedIndexInformer<GenericKubernetesResource> informer;

		private Instant startedAt;

		private volatile boolean synced;

		private volatile Throwable lastError;

		private Instant lostSince;

		Watch(ReconcileTargets.Target target) {
			this.target = target;
		}

		void start() {
			this.startedAt = ReconcileTracker.this.clock.instant();
			var resources = ReconcileTracker.this.clients.client(this.target.context())
				.genericKubernetesResources(
						(this.target.controller() == GitOpsController.FLUX) ? FLUX_KUSTOMIZATIONS : ARGO_APPLICATIONS);
			var scoped = (this.target.namespace() != null) ? resources.inNamespace(this.target.namespace())
					: resources.inAnyNamespace();
			this.informer = scoped.withLabel(MANAGED_BY_LABEL, "haven")
				.runnableInformer(ReconcileTracker.this.settings.resync().toMillis());
			this.informer.addEventHandler(new Handler());
			// keep trying: a cluster that is away comes back
			this.informer.exceptionHandler((started, error) -> {
				this.lastError = error;
				logger.debug("Watch on {} failed; retrying", this.target.describe(), error);
				return true;
			});
			this.informer.start().whenComplete((done, error) -> {
				if (error == null) {
					this.synced = true;
					logger.info("Watching {}", this.target.describe());
				}
				else {
					this.lastError = error;
				}
			});
		}

		void stop() {
			if (this.informer != null) {
				this.informer.stop();
			}
		}

		void check() {
			boolean watching = this.informer.isWatching();
			Instant now = ReconcileTracker.this.clock.instant();
			if (watching && this.synced) {
				if (this.lostSince != null) {
					logger.info("The watch on {} is back; reporting every object again", this.target.describe());
					this.lostSince = null;
					this.reported.clear();
					this.informer.getStore().list().forEach(this::report);
				}
				return;
			}
			boolean startOverdue = !this.synced
					&& now.isAfter(this.startedAt.plus(ReconcileTracker.this.settings.startTimeout()));
			if (this.lostSince == null && (this.synced || startOverdue)) {
				this.lostSince = this.synced ? now : this.startedAt;
				String reason = "No news from the cluster since " + this.lostSince + ": the watch on "
						+ this.target.describe() + " is down"
						+ ((this.lastError != null) ? " (" + this.lastError.getMessage() + ")" : "");
				logger.warn(reason);
				ReconcileTracker.this.reports.lost(new ReconcileConnectionLost(
						(this.target.clusters() != null) ? this.target.clusters() : List.of(), this.target.controller(),
						this.lostSince, reason));
			}
		}

		void report(GenericKubernetesResource object) {
			Optional<ReconcileObserved> observed = ControllerStatus.read(this.target.controller(), object,
					ReconcileTracker.this.clock.instant());
			observed.ifPresent((report) -> publishIfNew(object, report));
		}

		void reportDeleted(GenericKubernetesResource object) {
			ControllerStatus.deleted(this.target.controller(), object, ReconcileTracker.this.clock.instant())
				.ifPresent((report) -> {
					ReconcileTracker.this.reports.observed(report);
					this.reported.remove(key(object));
				});
		}

		private void publishIfNew(GenericKubernetesResource object, ReconcileObserved report) {
			ReconcileObserved last = this.reported.get(key(object));
			if (last != null && sameState(last, report)) {
				return;
			}
			ReconcileTracker.this.reports.observed(report);
			this.reported.put(key(object), report);
		}

		private static String key(GenericKubernetesResource object) {
			return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
		}

		private static boolean sameState(ReconcileObserved a, ReconcileObserved b) {
			return a.status() == b.status() && Objects.equals(a.appliedRevision(), b.appliedRevision())
					&& Objects.equals(a.attemptedRevision(), b.attemptedRevision())
					&& Objects.equals(a.syncStatus(), b.syncStatus())
					&& Objects.equals(a.healthStatus(), b.healthStatus())
					&& Objects.equals(a.operationPhase(), b.operationPhase())
					&& Objects.equals(a.message(), b.message()) && a.conditions().equals(b.conditions());
		}

		private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {

			@Override
			public void onAdd(GenericKubernetesResource object) {
				safely(() -> report(object));
			}

			@Override
			public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
				safely(() -> report(after));
			}

			@Override
			public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
				safely(() -> reportDeleted(object));
			}

			// a report that could not be published (the database is away) comes again
			// with the next resync
			private void safely(Runnable action) {
				try {
					action.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Could not publish a report of {}: {}", Watch.this.target.describe(), ex.getMessage());
				}
			}

		}

	}

}
