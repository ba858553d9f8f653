package health.haven.provisioning.approval;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A time in which no change of one environment class is committed: every week from one
 * day and time to another in the organisation's time zone ({@code WEEKLY}, e.g. Friday
 * 16:00 to Monday 06:00), or between two instants ({@code DATED}, e.g. a month-end
 * close).
 */
@Entity
@Table(name = "freeze_window")
public class FreezeWindow {

	public enum Kind {

		WEEKLY, DATED

	}

	@Id
	private UUID id;

	private String environmentClass;

	@Enumerated(EnumType.STRING)
	private Kind kind;

	@Enumerated(EnumType.STRING)
	private DayOfWeek startsDay;

	private LocalTime startsTime;

	@Enumerated(EnumType.STRING)
	private DayOfWeek endsDay;

	private LocalTime endsTime;

	private Instant startsAt;

	private Instant endsAt;

	private String reason;

	private String createdBy;

	private Instant createdAt;

	protected FreezeWindow() {
	}

	private FreezeWindow(String environmentClass, Kind kind, String reason, String createdBy, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.environmentClass = environmentClass;
		this.kind = kind;
		this.reason = reason;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
	}

	static FreezeWindow weekly(String environmentClass, DayOfWeek startsDay, LocalTime startsTime, DayOfWeek endsDay,
			LocalTime endsTime, String reason, String createdBy, Instant createdAt) {
		FreezeWindow window = new FreezeWindow(environmentClass, Kind.WEEKLY, reason, createdBy, createdAt);
		window.startsDay = startsDay;
		window.startsTime = startsTime;
		window.endsDay = endsDay;
		window.endsTime = endsTime;
		return window;
	}

	static FreezeWindow dated(String environmentClass, Instant startsAt, Instant endsAt, String reason,
			String createdBy, Instant createdAt) {
		FreezeWindow window = new FreezeWindow(environmentClass, Kind.DATED, reason, createdBy, createdAt);
		window.startsAt = startsAt;
		window.endsAt = endsAt;
		return window;
	}

	/**
	 * The occurrence of this window that holds the instant, if one does.
	 */
	Optional<Occurrence> covering(Instant at, ZoneId zone) {
		Occurrence occurrence = (this.kind == Kind.DATED) ? new Occurrence(this.startsAt, this.endsAt)
				: weeklyStartingAtOrBefore(at, zone);
		return (!at.isBefore(occurrence.start()) && at.isBefore(occurrence.end())) ? Optional.of(occurrence)
				: Optional.empty();
	}

	/**
	 * The next occurrence that has not ended at the instant (the one under way, or the
	 * next to start), or empty for a dated window that is over.
	 */
	Optional<Occurrence> next(Instant at, ZoneId zone) {
		if (this.kind == Kind.DATED) {
			return at.isBefore(this.endsAt) ? Optional.of(new Occurrence(this.startsAt, this.endsAt))
					: Optional.empty();
		}
		Occurrence last = weeklyStartingAtOrBefore(at, zone);
		if (at.isBefore(last.end())) {
			return Optional.of(last);
		}
		return Optional.of(weeklyStartingAtOrBefore(last.start().plusSeconds(7 * 24 * 3600), zone));
	}

	private Occurrence weeklyStartingAtOrBefore(Instant at, ZoneId zone) {
		ZonedDateTime now = at.atZone(zone);
		ZonedDateTime start = now.with(TemporalAdjusters.previousOrSame(this.startsDay)).with(this.startsTime);
		if (start.isAfter(now)) {
			start = start.minusWeeks(1);
		}
		ZonedDateTime end = start.with(TemporalAdjusters.nextOrSame(this.endsDay)).with(this.endsTime);
		if (!end.isAfter(start)) {
			end = end.plusWeeks(1);
		}
		return new Occurrence(start.toInstant(), end.toInstant());
	}

	/**
	 * One occurrence of a window: from {@code start} (included) to {@code end}.
	 */
	public record Occurrence(Instant start, Instant end) {
	}

	public UUID getId() {
		return this.id;
	}

	public String getEnvironmentClass() {
		return this.environmentClass;
	}

	public Kind getKind() {
		return this.kind;
	}

	public DayOfWeek getStartsDay() {
		return this.startsDay;
	}

	public LocalTime getStartsTime() {
		return this.startsTime;
	}

	public DayOfWeek getEndsDay() {
		return this.endsDay;
	}

	public LocalTime getEndsTime() {
		return this.endsTime;
	}

	public Instant getStartsAt() {
		return this.startsAt;
	}

	public Instant getEndsAt() {
		return this.endsAt;
	}

	public String getReason() {
		return this.reason;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
