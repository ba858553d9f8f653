package health.haven.provisioning.request;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Approval reminders and expiry as a Quartz job: one replica of the cluster runs each
 * firing; nothing waits in a thread between firings.
 */
@DisallowConcurrentExecution
class ApprovalTimersJob extends QuartzJobBean {

	private static final Logger logger = LoggerFactory.getLogger(ApprovalTimersJob.class);

	private final EnvironmentRequests requests;

	ApprovalTimersJob(EnvironmentRequests requests) {
		this.requests = requests;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) {
		EnvironmentRequests.TimerReport report = this.requests.runApprovalTimers();
		if (report.reminded() > 0 || report.expired() > 0) {
			logger.info("Approval timers: {} stage(s) reminded, {} request(s) expired", report.reminded(),
					report.expired());
		}
	}

}
