package health.haven.provisioning.approval;

/**
 * What an approver decided.
 */
public enum DecisionKind {

	APPROVE, REJECT

}
