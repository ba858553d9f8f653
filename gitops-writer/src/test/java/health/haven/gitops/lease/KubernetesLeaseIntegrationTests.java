package health.haven.gitops.lease;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.gitops.reconcile.MockCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas competing for the writer lease on a mock API server: exactly one holds it;
 * when it stops, the other takes over, at once if the first released the lease, or once
 * the lease ran out if the first just vanished.
 */
class KubernetesLeaseIntegrationTests {

	private static final LeaseSettings FAST = new LeaseSettings("kubernetes", "haven", Duration.ofSeconds(3),
			Duration.ofSeconds(2), Duration.ofMillis(300));

	private final MockCluster cluster = MockCluster.start();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void oneReplicaHoldsTheLeaseAndTheOtherTakesOverWhenItStops() {
		KubernetesLease first = new KubernetesLease(this.cluster.client(), FAST);
		KubernetesLease second = new KubernetesLease(this.cluster.client(), FAST);
		AtomicInteger secondAcquired = new AtomicInteger();
		second.addListener(new WriterLease.Listener() {

			@Override
			public void acquired() {
				secondAcquired.incrementAndGet();
			}

			@Override
			public void lost() {
			}

		});
		first.start();
		await().atMost(Duration.ofSeconds(10)).until(first::isHeld);
		second.start();
		// the second waits while the first renews
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !second.isHeld());
		assertThat(holder()).isEqualTo(first.identity());

		first.stop();
		await().atMost(Duration.ofSeconds(10)).until(second::isHeld);
		assertThat(first.isHeld()).isFalse();
		assertThat(secondAcquired.get()).isEqualTo(1);
		assertThat(holder()).isEqualTo(second.identity());
		second.stop();
	}

	private String holder() {
		Lease lease = this.cluster.client().leases().inNamespace("haven").withName(KubernetesLease.LEASE_NAME).get();
		return lease.getSpec().getHolderIdentity();
	}

}
