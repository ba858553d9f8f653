package health.haven.api.runtime;

import java.time.Duration;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Delivers again the events whose listener failed (it lost a race for the same row, the
 * database was away a moment) or that no replica finished in time: without it they would
 * wait for the next restart. Every listener is idempotent, so a delivery made twice does
 * no harm. A Quartz job: one replica of the cluster runs each firing.
 */
@DisallowConcurrentExecution
class EventResubmission extends QuartzJobBean {

	private final FailedEventPublications failed;

	private final Duration minAge;

	EventResubmission(FailedEventPublications failed, @Value("${haven.events.resubmit-min-age:10s}") Duration minAge) {
		this.failed = failed;
		this.minAge = minAge;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) {
		this.failed.resubmit(ResubmissionOptions.defaults().withMinAge(this.minAge).withBatchSize(100));
	}

}
