package health.haven.provisioning.approval;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.approval.FreezeWindow.Occurrence;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A weekly freeze in the organisation's time zone (no prod changes Friday 16:00 – Monday
 * 06:00 in Amsterdam), daylight saving included, and a dated one.
 */
class FreezeWindowTests {

	private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

	private final FreezeWindow weekend = FreezeWindow.weekly("prod", DayOfWeek.FRIDAY, LocalTime.of(16, 0),
			DayOfWeek.MONDAY, LocalTime.of(6, 0), "No prod changes over the weekend", "dave",
			Instant.parse("2026-11-01T00:00:00Z"));

	@Test
	void holdsFromFridayAfternoonToMondayMorningLocalTime() {
		// Friday 27 November 2026, 15:59 and 16:00 in Amsterdam (UTC+1)
		assertThat(this.weekend.covering(Instant.parse("2026-11-27T14:59:00Z"), AMSTERDAM)).isEmpty();
		assertThat(this.weekend.covering(Instant.parse("2026-11-27T15:00:00Z"), AMSTERDAM))
			.contains(new Occurrence(Instant.parse("2026-11-27T15:00:00Z"), Instant.parse("2026-11-30T05:00:00Z")));
		assertThat(this.weekend.covering(Instant.parse("2026-11-29T12:00:00Z"), AMSTERDAM)).isPresent();
		assertThat(this.weekend.covering(Instant.parse("2026-11-30T05:00:00Z"), AMSTERDAM)).isEmpty();
		assertThat(this.weekend.covering(Instant.parse("2026-12-02T12:00:00Z"), AMSTERDAM)).isEmpty();
	}

	@Test
	void followsDaylightSavingTime() {
		// summer time ends on Sunday 25 October 2026: the freeze starts at 16:00 CEST
		// (14:00Z) and ends at 06:00 CET (05:00Z)
		assertThat(this.weekend.covering(Instant.parse("2026-10-24T12:00:00Z"), AMSTERDAM))
			.contains(new Occurrence(Instant.parse("2026-10-23T14:00:00Z"), Instant.parse("2026-10-26T05:00:00Z")));
	}

	@Test
	void nextIsTheOccurrenceUnderWayOrTheOneToCome() {
		Instant wednesday = Instant.parse("2026-12-02T12:00:00Z");
		assertThat(this.weekend.next(wednesday, AMSTERDAM))
			.contains(new Occurrence(Instant.parse("2026-12-04T15:00:00Z"), Instant.parse("2026-12-07T05:00:00Z")));
		FreezeWindow monthEnd = FreezeWindow.dated("prod", Instant.parse("2026-11-30T16:00:00Z"),
				Instant.parse("2026-12-02T08:00:00Z"), "Month-end close", "dave", wednesday);
		assertThat(monthEnd.covering(Instant.parse("2026-12-01T00:00:00Z"), AMSTERDAM)).isPresent();
		assertThat(monthEnd.covering(Instant.parse("2026-12-02T08:00:00Z"), AMSTERDAM)).isEmpty();
		assertThat(monthEnd.next(wednesday, AMSTERDAM)).isEmpty();
	}

}
