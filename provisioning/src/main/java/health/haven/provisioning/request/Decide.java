package health.haven.provisioning.request;

import health.haven.provisioning.approval.DecisionKind;

/**
 * An approver's decision on a request, with the reason. A rejection always needs one.
 */
public record Decide(DecisionKind decision, String comment) {

}
