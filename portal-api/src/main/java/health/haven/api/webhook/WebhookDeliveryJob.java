package health.haven.api.webhook;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Sends the due callbacks, on one replica of the cluster at a time; deliveries live in
 * PostgreSQL, so a restart loses none.
 */
@DisallowConcurrentExecution
class WebhookDeliveryJob extends QuartzJobBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDeliveryJob.class);

	private final WebhookSender sender;

	WebhookDeliveryJob(WebhookSender sender) {
		this.sender = sender;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) {
		int delivered = this.sender.deliverDue();
		if (delivered > 0) {
			logger.debug("Delivered {} callback(s)", delivered);
		}
	}

}
