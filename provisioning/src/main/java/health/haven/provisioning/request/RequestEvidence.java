package health.haven.provisioning.request;

import java.time.Instant;
import java.util.List;

import health.haven.provisioning.audit.AuditRecord;
import health.haven.provisioning.audit.AuditVerification;
import health.haven.provisioning.environment.EnvironmentView;

/**
 * Everything that proves one change, for an auditor: the ticket, the request and its
 * parameters, each decision with role and time, the commit, what the GitOps controller
 * applied and how healthy it is, and the request's rows of the audit trail with their
 * hashes, beside the verification of the whole chain at the time of reading.
 *
 * @param live the environment's live status, once the request shaped an environment
 * @param audit the request's rows of the trail, oldest first; each can be recomputed from
 * its fields (see the README's audit section)
 * @param trail the whole chain recomputed when this record was read
 */
public record RequestEvidence(RequestView request, EnvironmentView.LiveView live, List<AuditRecord> audit,
		AuditVerification trail, Instant generatedAt) {

}
