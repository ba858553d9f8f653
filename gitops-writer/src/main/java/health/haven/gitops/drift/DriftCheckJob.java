package health.haven.gitops.drift;

import java.io.IOException;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.quartz.QuartzJobBean;

import health.haven.gitops.repository.GitOpsWriteException;

/**
 * The drift check as a Quartz job: one replica of the cluster runs each firing. A
 * repository that cannot be reached is tried at the next firing.
 */
@DisallowConcurrentExecution
class DriftCheckJob extends QuartzJobBean {

	private static final Logger logger = LoggerFactory.getLogger(DriftCheckJob.class);

	private final DriftCheck check;

	DriftCheckJob(DriftCheck check) {
		this.check = check;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
		try {
			DriftCheck.Report report = this.check.check();
			logger.debug("Drift check: {} folder(s), {} newly edited by hand, {} put back", report.folders(),
					report.drifted(), report.resolved());
		}
		catch (IOException | GitOpsWriteException ex) {
			logger.warn("The drift check could not read the GitOps repository; trying at the next firing: {}",
					ex.getMessage());
		}
	}

}
