package health.haven.ui.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.environment.Visibility;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.Decide;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.NotPermittedException;
import health.haven.provisioning.approval.ChangeWindows;
import health.haven.provisioning.request.ChangePreview;
import health.haven.provisioning.request.RequestConflictException;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;
import health.haven.ui.RequestParameters;
import health.haven.ui.environment.DiffLines;

/**
 * The approval queue: what waits for a decision the signed-in person may make, with
 * approve and reject (with a reason) on each.
 */
@Controller
class ApprovalQueueController {

	private final EnvironmentRequests requests;

	private final RequestParameters parameters;

	private final ChangeWindows windows;

	private final Environments environments;

	ApprovalQueueController(EnvironmentRequests requests, RequestParameters parameters, ChangeWindows windows,
			Environments environments) {
		this.requests = requests;
		this.parameters = parameters;
		this.windows = windows;
		this.environments = environments;
	}

	@GetMapping("/approvals")
	String queue(@ModelAttribute("me") Person me, Model model) {
		List<RequestView> waiting = this.requests.awaitingDecisionBy(me.getUsername());
		Map<UUID, List<RequestParameters.Row>> parameters = new HashMap<>();
		waiting.forEach((request) -> parameters.put(request.id(), this.parameters.of(request)));
		// a change of parameters: each one it changes, before and after
		Map<UUID, List<RequestParameters.Changed>> changes = new HashMap<>();
		Visibility visibility = this.environments.visibilityOf(me.getUsername());
		for (RequestView request : waiting) {
			if (request.type() == RequestType.UPDATE) {
				changes.put(request.id(),
						this.parameters.changedBy(request,
								this.environments
									.summary(new EnvironmentKey(request.team(), request.environment()), visibility)
									.orElse(null)));
			}
		}
		model.addAttribute("changes", changes);
		model.addAttribute("requests", waiting);
		// oldest first (the queue's order), each with how long it has waited
		Map<UUID, String> ages = new HashMap<>();
		Instant now = Instant.now();
		waiting.forEach((request) -> ages.put(request.id(), age(Duration.between(request.createdAt(), now))));
		model.addAttribute("ages", ages);
		// what each would write, and the diff against what the repository holds now
		Map<UUID, ChangePreview.Preview> previews = new HashMap<>();
		Map<UUID, List<DiffLines.Line>> diffs = new HashMap<>();
		for (RequestView request : waiting) {
			this.requests.preview(request.id()).ifPresent((preview) -> {
				previews.put(request.id(), preview);
				diffs.put(request.id(), DiffLines.of(preview.diff()));
			});
		}
		model.addAttribute("previews", previews);
		model.addAttribute("diffs", diffs);
		// what an approval made now would wait for
		model.addAttribute("windows", this.windows.upcoming(null, 5));
		model.addAttribute("timeZone", this.windows.zone().getId());
		model.addAttribute("parameters", parameters);
		return "approval/queue";
	}

	private static String age(Duration waited) {
		if (waited.toDays() > 0) {
			return waited.toDays() + " d " + waited.toHoursPart() + " h";
		}
		if (waited.toHours() > 0) {
			return waited.toHours() + " h " + waited.toMinutesPart() + " min";
		}
		return Math.max(0, waited.toMinutes()) + " min";
	}

	@PostMapping("/requests/{id}/decisions")
	String decide(@PathVariable UUID id, @RequestParam(required = false) DecisionKind decision,
			@RequestParam(required = false) String comment, @ModelAttribute("me") Person me,
			RedirectAttributes redirect) {
		try {
			this.requests.decide(id, new Decide(decision, comment), Actor.person(me.getUsername()));
			redirect.addFlashAttribute("message", switch (decision) {
				case APPROVE -> "decision.approved";
				case REJECT -> "decision.rejected";
				case REQUEST_CHANGES -> "decision.changesRequested";
			});
			redirect.addFlashAttribute("decidedId", id);
		}
		catch (InvalidRequestException ex) {
			redirect.addFlashAttribute("failedId", id);
			redirect.addFlashAttribute("error",
					ex.getProblems().stream().map(FieldProblem::message).reduce((a, b) -> a + "; " + b).orElse(""));
		}
		catch (NotPermittedException | RequestConflictException ex) {
			redirect.addFlashAttribute("failedId", id);
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/approvals";
	}

}
