package health.haven.ui.environment;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import health.haven.provisioning.environment.DriftDecision;
import health.haven.provisioning.environment.EnvironmentActionRefusedException;
import health.haven.provisioning.environment.EnvironmentActionRefusedException.Refusal;
import health.haven.provisioning.environment.EnvironmentFilter;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.EnvironmentPage;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.people.Names;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.RequestView;
import health.haven.ui.RequestParameters;

/**
 * The environments a person may see, and each one's page, whose live part follows the
 * controller's reports as they arrive, and where a platform administrator decides about a
 * hand edit of its folder.
 */
@Controller
class EnvironmentPageController {

	static final int PAGE_SIZE = 50;

	private final Environments environments;

	private final EnvironmentRequests requests;

	private final RequestParameters parameters;

	private final VisibleEnvironments visible;

	EnvironmentPageController(Environments environments, EnvironmentRequests requests, RequestParameters parameters,
			VisibleEnvironments visible) {
		this.environments = environments;
		this.requests = requests;
		this.parameters = parameters;
		this.visible = visible;
	}

	@GetMapping("/environments")
	String list(@RequestParam(required = false) String after, @ModelAttribute("me") Person me, Model model) {
		EnvironmentKey start = null;
		if (after != null && after.contains("/")) {
			String[] key = after.split("/", 2);
			if (Names.isDns1123Label(key[0], 63) && Names.isDns1123Label(key[1], 63)) {
				start = new EnvironmentKey(key[0], key[1]);
			}
		}
		EnvironmentPage page = this.environments.list(EnvironmentFilter.all(), start, PAGE_SIZE,
				this.environments.visibilityOf(me.getUsername()));
		model.addAttribute("environments", page.items());
		model.addAttribute("next", page.hasMore() ? page.last().team() + "/" + page.last().name() : null);
		return "environment/list";
	}

	@GetMapping("/environments/{team}/{name}")
	String detail(@PathVariable String team, @PathVariable String name, @ModelAttribute("me") Person me, Model model) {
		EnvironmentView environment = environment(team, name, me);
		model.addAttribute("environment", environment);
		model.addAttribute("diff", DiffLines.of((environment.drift() != null) ? environment.drift().diff() : null));
		model.addAttribute("parameters",
				this.parameters.of(environment.catalogItem(), environment.catalogVersion(), environment.parameters()));
		List<RequestView> requests = this.requests.ofEnvironment(team, name);
		model.addAttribute("requests", requests);
		// day-2 changes: for the team's requesters, one open request at a time
		model.addAttribute("mayChange",
				me.mayRequestFor(environment.team()) && environment.live().status() != LiveStatus.DECOMMISSIONED);
		model.addAttribute("openRequest",
				requests.stream().filter((request) -> request.state().isOpen()).findFirst().orElse(null));
		return "environment/detail";
	}

	/**
	 * The live part of an environment's page, which the page polls.
	 */
	@GetMapping("/environments/{team}/{name}/live")
	String live(@PathVariable String team, @PathVariable String name, @ModelAttribute("me") Person me, Model model) {
		model.addAttribute("environment", environment(team, name, me));
		return "environment/detail :: live";
	}

	/**
	 * The part of an environment's page about hand edits of its folder, which the page
	 * polls while none is shown.
	 */
	@GetMapping("/environments/{team}/{name}/drift")
	String drift(@PathVariable String team, @PathVariable String name, @ModelAttribute("me") Person me, Model model) {
		EnvironmentView environment = environment(team, name, me);
		model.addAttribute("environment", environment);
		model.addAttribute("diff", DiffLines.of((environment.drift() != null) ? environment.drift().diff() : null));
		return "environment/detail :: drift";
	}

	/**
	 * A platform administrator accepts or discards the hand edit of the environment's
	 * folder.
	 */
	@PostMapping("/environments/{team}/{name}/drift")
	String decideDrift(@PathVariable String team, @PathVariable String name,
			@RequestParam(required = false) String decision, @RequestParam(required = false) String comment,
			@ModelAttribute("me") Person me, RedirectAttributes redirect) {
		EnvironmentView environment = environment(team, name, me);
		try {
			this.environments.decideDrift(new EnvironmentKey(environment.team(), environment.name()),
					decision(decision), comment, me.getUsername(), null, null);
			redirect.addFlashAttribute("message", "drift.decided." + decision);
		}
		catch (EnvironmentActionRefusedException ex) {
			redirect.addFlashAttribute((ex.getRefusal() == Refusal.INVALID) ? "driftFieldError" : "driftError",
					ex.getMessage());
			redirect.addFlashAttribute("driftComment", comment);
		}
		return "redirect:/environments/" + environment.team() + "/" + environment.name() + "#drift";
	}

	private static DriftDecision decision(String decision) {
		try {
			return (decision != null) ? DriftDecision.valueOf(decision) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private EnvironmentView environment(String team, String name, Person me) {
		return this.visible.get(team, name, me);
	}

}
