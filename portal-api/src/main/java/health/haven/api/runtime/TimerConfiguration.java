package health.haven.api.runtime;

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
 * The portal's own timers on Quartz (JDBC job store, clustered): the resubmission of
 * failed event deliveries.
 */
@Configuration(proxyBeanMethods = false)
class TimerConfiguration {

	@Bean
	JobDetail eventResubmissionJob() {
		return JobBuilder.newJob(EventResubmission.class)
			.withIdentity("event-resubmission", "haven")
			.withDescription("Delivers again the events whose listener failed")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger eventResubmissionTrigger(JobDetail eventResubmissionJob,
			@Value("${haven.events.resubmit-every:15s}") Duration every) {
		return TriggerBuilder.newTrigger()
			.forJob(eventResubmissionJob)
			.withIdentity("event-resubmission", "haven")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(every.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
