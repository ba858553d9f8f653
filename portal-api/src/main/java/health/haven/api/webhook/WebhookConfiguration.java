package health.haven.api.webhook;

import java.time.Clock;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import health.haven.api.secret.SecretBox;

/**
 * Callbacks: the address check, the sender and its Quartz timer
 * ({@code haven.webhooks.deliver-every}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

	@Bean
	TargetAddresses webhookTargets(WebhookProperties properties) {
		return new TargetAddresses(properties.allowedNetworks());
	}

	@Bean
	WebhookSender webhookSender(JdbcClient jdbc, PlatformTransactionManager transactionManager, SecretBox secrets,
			TargetAddresses targets, WebhookProperties properties, Clock clock) {
		return new WebhookSender(jdbc, new TransactionTemplate(transactionManager), secrets, targets, properties,
				clock);
	}

	@Bean
	JobDetail webhookDeliveryJob() {
		return JobBuilder.newJob(WebhookDeliveryJob.class)
			.withIdentity("webhook-delivery", "haven")
			.withDescription("Sends the due callbacks to ticketing systems, and retries the failed ones")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger webhookDeliveryTrigger(JobDetail webhookDeliveryJob, WebhookProperties properties) {
		return TriggerBuilder.newTrigger()
			.forJob(webhookDeliveryJob)
			.withIdentity("webhook-delivery", "haven")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(properties.deliverEvery().toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
