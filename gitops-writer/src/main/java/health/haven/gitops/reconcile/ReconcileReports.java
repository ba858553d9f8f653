package health.haven.gitops.reconcile;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.environment.ReconcileConnectionLost;
import health.haven.provisioning.environment.ReconcileObserved;

/**
 * Hands the tracker's reports to the rest of the portal, each in a transaction of its
 * own, through the event publication registry: a report is delivered even if the portal
 * stops right after.
 */
@Component
public class ReconcileReports {

	private final ApplicationEventPublisher events;

	public ReconcileReports(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Transactional
	public void observed(ReconcileObserved observed) {
		this.events.publishEvent(observed);
	}

	@Transactional
	public void lost(ReconcileConnectionLost lost) {
		this.events.publishEvent(lost);
	}

}
