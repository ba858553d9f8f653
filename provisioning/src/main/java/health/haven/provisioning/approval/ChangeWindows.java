package health.haven.provisioning.approval;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.approval.ChangeWindowRefusedException.Refusal;
import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.catalog.EnvironmentClass;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;

/**
 * The change windows: freezes per environment class that platform administrators define,
 * and whether a change may be committed now or waits for the end of a freeze. Weekly
 * windows follow the organisation's time zone ({@code haven.organisation.time-zone}),
 * daylight saving included.
 */
@Service
@Transactional
public class ChangeWindows {

	private static final int MAX_REASON_LENGTH = 500;

	private final FreezeWindowRepository windows;

	private final People people;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ZoneId zone;

	ChangeWindows(FreezeWindowRepository windows, People people, ApplicationEventPublisher events, Clock clock,
			@Value("${haven.organisation.time-zone:UTC}") ZoneId zone) {
		this.windows = windows;
		this.people = people;
		this.events = events;
		this.clock = clock;
		this.zone = zone;
	}

	public ZoneId zone() {
		return this.zone;
	}

	/**
	 * Until when changes of the class are frozen at the instant, or empty when they may
	 * be committed. Windows that overlap or follow each other without a gap make one
	 * freeze.
	 */
	@Transactional(readOnly = true)
	public Optional<Freeze> frozenAt(String environmentClass, Instant at) {
		List<FreezeWindow> ofClass = this.windows.findByEnvironmentClass(environmentClass);
		Freeze freeze = null;
		Instant until = at;
		// bounded: a chain of adjoining windows that never opens would be a mistake
		for (int i = 0; i < 64; i++) {
			Instant probe = until;
			Optional<Freeze> covering = ofClass.stream()
				.flatMap((window) -> window.covering(probe, this.zone)
					.map((occurrence) -> new Freeze(occurrence.end(), window.getReason()))
					.stream())
				.max(Comparator.comparing(Freeze::until));
			if (covering.isEmpty()) {
				break;
			}
			freeze = (freeze == null) ? covering.get() : new Freeze(covering.get().until(), freeze.reason());
			until = covering.get().until();
		}
		return Optional.ofNullable(freeze);
	}

	/**
	 * The windows' next occurrences (under way or to come), soonest first.
	 * @param environmentClass one class, or {@code null} for all
	 */
	@Transactional(readOnly = true)
	public List<Upcoming> upcoming(String environmentClass, int limit) {
		Instant now = this.clock.instant();
		List<Upcoming> upcoming = new ArrayList<>();
		for (FreezeWindow window : this.windows.findAllByOrderByEnvironmentClassAscCreatedAtAsc()) {
			if (environmentClass != null && !environmentClass.equals(window.getEnvironmentClass())) {
				continue;
			}
			window.next(now, this.zone)
				.ifPresent((occurrence) -> upcoming.add(new Upcoming(window, occurrence.start(), occurrence.end())));
		}
		upcoming.sort(Comparator.comparing(Upcoming::start));
		return upcoming.subList(0, Math.min(limit, upcoming.size()));
	}

	@Transactional(readOnly = true)
	public List<FreezeWindow> all() {
		return this.windows.findAllByOrderByEnvironmentClassAscCreatedAtAsc();
	}

	/**
	 * A platform administrator defines a freeze.
	 * @param client the machine client that carried it for them, if any
	 */
	public FreezeWindow create(NewFreezeWindow spec, String person, String client) {
		administrator(person);
		if (spec.environmentClass() == null || !EnvironmentClass.isKnown(spec.environmentClass())) {
			throw invalid("environmentClass", "The environment class must be one of " + EnvironmentClass.ALL);
		}
		if (spec.reason() == null || spec.reason().isBlank() || spec.reason().length() > MAX_REASON_LENGTH) {
			throw invalid("reason", "Say why changes are frozen (at most " + MAX_REASON_LENGTH
					+ " characters): people whose changes wait read it");
		}
		Instant now = this.clock.instant();
		String kind = (spec.kind() != null) ? spec.kind().strip().toUpperCase(Locale.ROOT) : "";
		FreezeWindow window = switch (kind) {
			case "WEEKLY" -> FreezeWindow.weekly(spec.environmentClass(), day("startsDay", spec.startsDay()),
					time("startsTime", spec.startsTime()), day("endsDay", spec.endsDay()),
					time("endsTime", spec.endsTime()), spec.reason().strip(), recorded(person, client), now);
			case "DATED" -> {
				if (spec.startsAt() == null) {
					throw invalid("startsAt", "A dated freeze needs startsAt, e.g. 2026-11-30T16:00:00Z");
				}
				if (spec.endsAt() == null || !spec.endsAt().isAfter(spec.startsAt())) {
					throw invalid("endsAt", "A dated freeze needs endsAt after startsAt");
				}
				yield FreezeWindow.dated(spec.environmentClass(), spec.startsAt(), spec.endsAt(), spec.reason().strip(),
						recorded(person, client), now);
			}
			default -> throw invalid("kind", "The kind must be WEEKLY (days and times) or DATED (two instants)");
		};
		if (window.getKind() == FreezeWindow.Kind.WEEKLY && window.getStartsDay() == window.getEndsDay()
				&& window.getStartsTime().equals(window.getEndsTime())) {
			throw invalid("endsTime", "A weekly freeze must not end when it starts");
		}
		this.windows.save(window);
		this.events.publishEvent(
				new AuditEvent(now, "change-window.created", "change-window/" + window.getId(), person, client,
						AuditEvent.facts("environmentClass", window.getEnvironmentClass(), "kind", window.getKind(),
								"startsDay", window.getStartsDay(), "startsTime", window.getStartsTime(), "endsDay",
								window.getEndsDay(), "endsTime", window.getEndsTime(), "startsAt", window.getStartsAt(),
								"endsAt", window.getEndsAt(), "reason", window.getReason(), "timeZone", this.zone)));
		return window;
	}

	/**
	 * A platform administrator removes a freeze; requests waiting for it are committed at
	 * the next look of the approval timers.
	 */
	public void delete(UUID id, String person, String client) {
		administrator(person);
		FreezeWindow window = this.windows.findById(id)
			.orElseThrow(
					() -> new ChangeWindowRefusedException(Refusal.NOT_FOUND, "id", "There is no change window " + id));
		this.windows.delete(window);
		this.events.publishEvent(new AuditEvent(this.clock.instant(), "change-window.deleted", "change-window/" + id,
				person, client,
				AuditEvent.facts("environmentClass", window.getEnvironmentClass(), "reason", window.getReason())));
	}

	private void administrator(String person) {
		Person administrator = this.people.find(person)
			.filter(Person::isActive)
			.orElseThrow(() -> invalid("onBehalfOf", "There is no active person named '" + person + "'"));
		if (!administrator.hasRole(Role.PLATFORM_ADMIN)) {
			throw new ChangeWindowRefusedException(Refusal.NOT_PERMITTED, "missing-role",
					"Only a platform administrator defines change windows; " + person + " is none");
		}
	}

	private static String recorded(String person, String client) {
		return (client != null) ? person + " via " + client : person;
	}

	private static DayOfWeek day(String field, String value) {
		try {
			return DayOfWeek.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "A day of the week in English, such as FRIDAY");
		}
	}

	private static LocalTime time(String field, String value) {
		try {
			return LocalTime.parse(String.valueOf(value).strip());
		}
		catch (DateTimeParseException ex) {
			throw invalid(field, "A time of day as HH:MM, such as 16:00");
		}
	}

	private static ChangeWindowRefusedException invalid(String field, String message) {
		return new ChangeWindowRefusedException(Refusal.INVALID, field, message);
	}

	/**
	 * Changes are frozen until {@code until}, for {@code reason}.
	 */
	public record Freeze(Instant until, String reason) {
	}

	/**
	 * A window's next occurrence.
	 */
	public record Upcoming(FreezeWindow window, Instant start, Instant end) {
	}

}
