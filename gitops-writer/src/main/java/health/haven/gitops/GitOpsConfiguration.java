package health.haven.gitops;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import health.haven.gitops.commit.CommitLoop;
import health.haven.gitops.commit.CommitLoopSettings;
import health.haven.gitops.commit.CommitQueue;
import health.haven.gitops.commit.FolderRecords;
import health.haven.gitops.commit.QueueNotifications;
import health.haven.gitops.lease.DatabaseLease;
import health.haven.gitops.lease.KubernetesLease;
import health.haven.gitops.lease.LeaseSettings;
import health.haven.gitops.lease.WriterLease;
import health.haven.gitops.render.ClusterSettings;
import health.haven.gitops.reconcile.KubernetesClients;
import health.haven.gitops.reconcile.ReconcileReports;
import health.haven.gitops.reconcile.ReconcileSettings;
import health.haven.gitops.reconcile.ReconcileTargets;
import health.haven.gitops.reconcile.ReconcileTracker;
import health.haven.gitops.render.Destination;
import health.haven.gitops.repository.GitKeys;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.repository.RepositoryRevisions;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.ManifestValidator;
import health.haven.gitops.validate.SchemaFolder;

/**
 * Wires the writer: the repository (a local bare repository, or a mirror of the remote),
 * where controllers read it from, and the schemas every rendered manifest is validated
 * against.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ GitOpsProperties.class, GitKeys.class, CommitLoopSettings.class,
		ReconcileSettings.class, ClusterSettings.class, LeaseSettings.class })
class GitOpsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GitOpsConfiguration.class);

	@Bean(destroyMethod = "close")
	GitOpsRepository gitOpsRepository(GitOpsProperties properties, GitKeys keys, Clock clock) throws IOException {
		if (keys.signingKey() != null) {
			logger.info("Signing every commit with the SSH key {}", keys.signingKey());
		}
		return new GitOpsRepository(properties, keys, clock);
	}

	@Bean(destroyMethod = "close")
	KubernetesClients kubernetesClients(ReconcileSettings settings) {
		return KubernetesClients.of(settings);
	}

	/**
	 * One writer across replicas: a Kubernetes Lease where a cluster is configured,
	 * otherwise a PostgreSQL advisory lock on the portal's own database.
	 */
	@Bean
	@ConditionalOnMissingBean(WriterLease.class)
	WriterLease gitOpsWriterLease(LeaseSettings lease, ReconcileSettings reconcile, KubernetesClients clients,
			DataSource dataSource) {
		if (lease.useKubernetes(reconcile.enabled())) {
			logger.info("One GitOps writer at a time by the Kubernetes Lease {}/haven-gitops-writer",
					lease.namespace());
			return new KubernetesLease(clients.client(null), lease);
		}
		return new DatabaseLease(dataSource, lease.retryPeriod());
	}

	@Bean
	CommitLoop commitLoop(CommitQueue queue, FolderRecords folders, GitOpsRepository repository, WriterLease lease,
			CommitLoopSettings settings, Clock clock) {
		return new CommitLoop(queue, folders, repository, lease, settings, clock);
	}

	/**
	 * Wakes the loop for changes queued on another replica: it takes them at once when
	 * this replica writes.
	 */
	@Bean
	QueueNotifications gitOpsQueueNotifications(DataSource dataSource, CommitQueue queue, CommitLoop loop,
			LeaseSettings lease) {
		return new QueueNotifications(dataSource, queue.replica(), loop::wake, lease.retryPeriod());
	}

	@Bean
	RepositoryRevisions repositoryRevisions(GitOpsRepository repository, Clock clock) {
		return new RepositoryRevisions(repository, clock);
	}

	@Bean
	ReconcileTargets reconcileTargets(ReconcileSettings settings, ClusterSettings clusters) {
		ReconcileTargets targets = new ReconcileTargets(settings, clusters);
		if (!settings.enabled()) {
			logger.info("No kubeconfig and not in a cluster: environments stay at "
					+ "\"committed, no reconciler connected\" (set KUBECONFIG to watch Argo CD or Flux)");
		}
		return targets;
	}

	/**
	 * Watches the controllers while this replica holds the writer lease.
	 */
	@Bean
	ReconcileTracker reconcileTracker(KubernetesClients clients, ReconcileSettings settings, ReconcileTargets targets,
			ReconcileReports reports, WriterLease lease, Clock clock) {
		ReconcileTracker tracker = ReconcileTracker.of(clients, settings, targets, reports, clock);
		lease.addListener(tracker);
		return tracker;
	}

	@Bean
	Destination gitOpsDestination(GitOpsProperties properties, ClusterSettings clusters) {
		return new Destination(properties.effectiveControllerUrl(), properties.branch(), clusters);
	}

	/**
	 * Validation before every commit: against the schemas shipped with the portal, or the
	 * platform team's own export of its clusters' schemas when
	 * {@code HAVEN_GITOPS_SCHEMAS_DIR} names one.
	 */
	@Bean
	ManifestValidator manifestValidator(GitOpsProperties properties) throws IOException {
		if (properties.schemasDir() == null) {
			logger.info("Validating rendered manifests against the schemas shipped with the portal");
			return new ManifestValidator(ManifestSchemas.builtIn());
		}
		logger.info("Validating rendered manifests against the schemas in {} (read again when they change)",
				properties.schemasDir());
		return new ManifestValidator(new SchemaFolder(properties.schemasDir()));
	}

}
