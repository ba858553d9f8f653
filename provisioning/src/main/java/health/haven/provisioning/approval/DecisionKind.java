package health.haven.provisioning.approval;

/**
 * What an approver decided: approve, reject (the request ends), or send it back to its
 * requester to amend and resubmit (the approvals given so far count no more).
 */
public enum DecisionKind {

	APPROVE, REJECT, REQUEST_CHANGES

}
