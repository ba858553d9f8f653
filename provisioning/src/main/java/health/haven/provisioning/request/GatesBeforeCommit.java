package health.haven.provisioning.request;

import java.util.Map;

import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.GateSubject;

/**
 * The policy gates again, just before an approved change is committed, on the manifests
 * the writer rendered for it: the team's quota may have filled up since the submission.
 */
public interface GatesBeforeCommit {

	/**
	 * @param files the rendered manifests, by path, as YAML
	 */
	GateReport check(RequestApproved approved, Map<String, String> files);

	/**
	 * What the gates look at for an approved change.
	 * @param others what the team's other environments take
	 */
	static GateSubject subject(RequestApproved approved, Map<String, String> files, GateSubject.TeamUsage others) {
		return new GateSubject(approved.catalogItem() + "@" + approved.catalogVersion(), approved.team(),
				approved.environment(), approved.environmentClass(), approved.templateSettings(), approved.parameters(),
				files, others, approved.type() == RequestType.DECOMMISSION);
	}

}
