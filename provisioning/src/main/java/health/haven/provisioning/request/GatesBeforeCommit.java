package health.haven.provisioning.request;

import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.GateSubject;
import health.haven.provisioning.gate.Manifests;

/**
 * The policy gates again, just before an approved change is committed, on the manifests
 * the writer rendered for it: the team's quota may have filled up since the submission.
 */
public interface GatesBeforeCommit {

	/**
	 * @param manifests the rendered manifests, as they are about to be committed
	 */
	GateReport check(RequestApproved approved, Manifests manifests);

	/**
	 * What the gates look at for an approved change.
	 * @param others what the team's other environments take
	 */
	static GateSubject subject(RequestApproved approved, Manifests manifests, GateSubject.TeamUsage others) {
		return new GateSubject(approved.catalogItem() + "@" + approved.catalogVersion(), approved.team(),
				approved.environment(), approved.environmentClass(), approved.templateSettings(), approved.parameters(),
				manifests, others, approved.type() == RequestType.DECOMMISSION);
	}

}
