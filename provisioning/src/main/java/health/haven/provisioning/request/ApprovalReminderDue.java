package health.haven.provisioning.request;

import java.time.Instant;
import java.util.UUID;

/**
 * A stage of a request has waited its policy's {@code remindAfter}: its deciders are to
 * be reminded (a notification, and the {@code request.reminder_due} callback). Published
 * once per stage.
 *
 * @param deciders who decides the stage: {@code role APPROVER} or {@code group cab-core}
 * @param waitingSince since when the stage has waited
 */
public record ApprovalReminderDue(UUID requestId, String team, String environment, String stage, String deciders,
		Instant waitingSince, Instant remindedAt) {

}
