package health.haven.api.window;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import health.haven.api.security.Caller;
import health.haven.provisioning.approval.ChangeWindows;
import health.haven.provisioning.approval.FreezeWindow;
import health.haven.provisioning.approval.NewFreezeWindow;
import health.haven.provisioning.request.Actor;

/**
 * Change windows: every freeze with its next occurrence (under way or to come), and a
 * platform administrator (named in {@code onBehalfOf}) defining or removing one.
 */
@RestController
@RequestMapping("/api/v1/change-windows")
class ChangeWindowController {

	private final ChangeWindows windows;

	ChangeWindowController(ChangeWindows windows) {
		this.windows = windows;
	}

	/**
	 * The freezes, soonest first, with the organisation's time zone weekly ones follow.
	 * @param environmentClass only this class's
	 */
	@GetMapping
	Windows list(@RequestParam(name = "class", required = false) String environmentClass) {
		return new Windows(this.windows.zone().getId(),
				this.windows.upcoming(environmentClass, 1000)
					.stream()
					.map((upcoming) -> WindowResponse.of(upcoming.window(), upcoming.start(), upcoming.end()))
					.toList());
	}

	@PostMapping
	ResponseEntity<WindowResponse> create(@RequestBody WindowBody body, Authentication authentication) {
		Actor actor = Caller.of(authentication).actingFor(body.onBehalfOf());
		FreezeWindow window = this.windows.create(
				new NewFreezeWindow(body.environmentClass(), body.kind(), body.startsDay(), body.startsTime(),
						body.endsDay(), body.endsTime(), body.startsAt(), body.endsAt(), body.reason()),
				actor.person(), actor.client());
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(window.getId())
			.toUri();
		ChangeWindows.Upcoming next = this.windows.upcoming(window.getEnvironmentClass(), 1000)
			.stream()
			.filter((upcoming) -> upcoming.window().getId().equals(window.getId()))
			.findFirst()
			.orElse(null);
		return ResponseEntity.created(location)
			.body(WindowResponse.of(window, (next != null) ? next.start() : null, (next != null) ? next.end() : null));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id, @RequestParam String onBehalfOf, Authentication authentication) {
		Actor actor = Caller.of(authentication).actingFor(onBehalfOf);
		this.windows.delete(id, actor.person(), actor.client());
		return ResponseEntity.noContent().build();
	}

	record Windows(String timeZone, List<WindowResponse> items) {
	}

	record WindowBody(String environmentClass, String kind, String startsDay, String startsTime, String endsDay,
			String endsTime, Instant startsAt, Instant endsAt, String reason, String onBehalfOf) {
	}

	/**
	 * A freeze and its next occurrence ({@code nextStart}, {@code nextEnd}; none for a
	 * dated freeze that is over).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WindowResponse(UUID id, String environmentClass, FreezeWindow.Kind kind, DayOfWeek startsDay,
			LocalTime startsTime, DayOfWeek endsDay, LocalTime endsTime, Instant startsAt, Instant endsAt,
			String reason, String createdBy, Instant createdAt, Instant nextStart, Instant nextEnd) {

		static WindowResponse of(FreezeWindow window, Instant nextStart, Instant nextEnd) {
			return new WindowResponse(window.getId(), window.getEnvironmentClass(), window.getKind(),
					window.getStartsDay(), window.getStartsTime(), window.getEndsDay(), window.getEndsTime(),
					window.getStartsAt(), window.getEndsAt(), window.getReason(), window.getCreatedBy(),
					window.getCreatedAt(), nextStart, nextEnd);
		}

	}

}
