package health.haven.api.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery whose listener failed is delivered again by the resubmission timer on
 * Quartz, without waiting for a restart.
 */
@TestPropertySource(properties = { "haven.events.resubmit-every=1s", "haven.events.resubmit-min-age=0s" })
class EventResubmissionIntegrationTests extends PortalTest {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	FlakyListener listener;

	@Test
	void deliversAgainWhatAListenerFailedToHandle() {
		this.transactions.executeWithoutResult((status) -> this.events.publishEvent(new SomethingHappened("once")));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listener.handled() == 1);
		assertThat(this.listener.attempts()).isGreaterThanOrEqualTo(2);
	}

	record SomethingHappened(String what) {
	}

	@TestConfiguration
	static class Listeners {

		@Bean
		FlakyListener flakyListener() {
			return new FlakyListener();
		}

	}

	/**
	 * Fails the first delivery, as a listener that lost a race for a row does.
	 */
	static class FlakyListener {

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger handled = new AtomicInteger();

		// read through methods: the bean is a proxy (asynchronous, transactional)
		int attempts() {
			return this.attempts.get();
		}

		int handled() {
			return this.handled.get();
		}

		@ApplicationModuleListener
		void on(SomethingHappened event) {
			if (this.attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("lost a race for the row; the delivery is to be tried again");
			}
			this.handled.incrementAndGet();
		}

	}

}
