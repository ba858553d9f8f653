package health.haven.provisioning.approval;

import java.time.Instant;

/**
 * A freeze as a platform administrator asks for it: {@code WEEKLY} with days
 * ({@code FRIDAY}) and times ({@code 16:00}) in the organisation's time zone, or
 * {@code DATED} with two instants; always with the reason people will read.
 */
public record NewFreezeWindow(String environmentClass, String kind, String startsDay, String startsTime, String endsDay,
		String endsTime, Instant startsAt, Instant endsAt, String reason) {

}
