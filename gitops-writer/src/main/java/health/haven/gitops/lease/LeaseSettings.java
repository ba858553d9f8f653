package health.haven.gitops.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which mechanism decides the one writer.
 *
 * @param kind {@code auto}: a Kubernetes {@code Lease} when a cluster is configured,
 * otherwise a PostgreSQL advisory lock; or {@code kubernetes} or {@code database}
 * @param namespace where the {@code Lease} object lives (the portal needs to get, create
 * and update leases there)
 * @param duration how long a lease holds without renewal: a writer that dies is replaced
 * after at most this long
 * @param renewDeadline how long the writer keeps trying to renew before it gives up
 * writing
 * @param retryPeriod how often a replica tries to acquire or renew
 */
@ConfigurationProperties("haven.gitops.lease")
public record LeaseSettings(@DefaultValue("auto") String kind, @DefaultValue("haven") String namespace,
		@DefaultValue("15s") Duration duration, @DefaultValue("10s") Duration renewDeadline,
		@DefaultValue("2s") Duration retryPeriod) {

	public LeaseSettings {
		if (!kind.equals("auto") && !kind.equals("kubernetes") && !kind.equals("database")) {
			throw new IllegalArgumentException("haven.gitops.lease.kind is auto, kubernetes or database: " + kind);
		}
	}

	public boolean useKubernetes(boolean clusterConfigured) {
		return kind.equals("kubernetes") || (kind.equals("auto") && clusterConfigured);
	}

}
