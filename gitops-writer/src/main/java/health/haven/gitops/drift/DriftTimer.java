package health.haven.gitops.drift;

import java.time.Duration;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The drift check on the portal's Quartz scheduler (JDBC job store, clustered): every
 * {@code haven.gitops.drift.check-every} (ten minutes unless set), on one replica.
 */
@Configuration(proxyBeanMethods = false)
class DriftTimer {

	@Bean
	JobDetail driftCheckJob() {
		return JobBuilder.newJob(DriftCheckJob.class)
			.withIdentity("drift-check", "haven")
			.withDescription("Compares each environment folder with what the GitOps writer expects there")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger driftCheckTrigger(JobDetail driftCheckJob, @Value("${haven.gitops.drift.check-every:10m}") Duration every) {
		return TriggerBuilder.newTrigger()
			.forJob(driftCheckJob)
			.withIdentity("drift-check", "haven")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(every.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
