package health.haven.provisioning.request;

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
 * The approval timers on the portal's Quartz scheduler (JDBC job store, clustered): every
 * {@code haven.approvals.timers.check-every} (a minute unless set), on one replica. The
 * policies say when a stage is reminded and when a request expires; the check only looks.
 */
@Configuration(proxyBeanMethods = false)
class ApprovalTimersSchedule {

	@Bean
	JobDetail approvalTimersJob() {
		return JobBuilder.newJob(ApprovalTimersJob.class)
			.withIdentity("approval-timers", "haven")
			.withDescription("Reminds the deciders of stages that waited too long and expires requests nobody decided")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger approvalTimersTrigger(JobDetail approvalTimersJob,
			@Value("${haven.approvals.timers.check-every:1m}") Duration every) {
		return TriggerBuilder.newTrigger()
			.forJob(approvalTimersJob)
			.withIdentity("approval-timers", "haven")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(every.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
