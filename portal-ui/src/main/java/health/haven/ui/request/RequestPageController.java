package health.haven.ui.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;
import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.CreateEnvironment;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.gate.GatesFailedException;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.NotPermittedException;
import health.haven.provisioning.request.RequestConflictException;
import health.haven.provisioning.request.RequestNotFoundException;
import health.haven.provisioning.request.RequestEvidence;
import health.haven.provisioning.request.RequestView;
import health.haven.ui.RequestParameters;

/**
 * Requesting an environment through the form generated from the item's schema, and
 * following requests: the list of one's teams' requests and each request's page.
 */
@Controller
class RequestPageController {

	private final Catalog catalog;

	private final EnvironmentRequests requests;

	private final People people;

	private final RequestParameters parameters;

	private final Environments environments;

	RequestPageController(Catalog catalog, EnvironmentRequests requests, People people, RequestParameters parameters,
			Environments environments) {
		this.catalog = catalog;
		this.requests = requests;
		this.people = people;
		this.parameters = parameters;
		this.environments = environments;
	}

	@GetMapping("/catalog/{key}/request")
	String form(@PathVariable String key, @ModelAttribute("me") Person me, Model model) {
		CatalogItem item = item(key);
		RequestForm form = new RequestForm();
		form.applyDefaults(this.catalog.parameterSchema(item).fields());
		return showForm(item, form, new FieldErrors(List.of()), null, me, model);
	}

	@PostMapping("/catalog/{key}/request")
	String submit(@PathVariable String key, @ModelAttribute("form") RequestForm form, @ModelAttribute("me") Person me,
			Model model, RedirectAttributes redirect) {
		CatalogItem item = item(key);
		List<FieldProblem> problems = new ArrayList<>();
		CreateEnvironment command = form.toCommand(item.key(), this.catalog.parameterSchema(item).fields(), problems);
		if (!problems.isEmpty()) {
			// show what else is wrong too, so that one round of corrections is enough
			try {
				this.requests.check(command);
			}
			catch (InvalidRequestException ex) {
				ex.getProblems()
					.stream()
					.filter((problem) -> problems.stream().noneMatch((p) -> p.field().equals(problem.field())))
					.forEach(problems::add);
			}
			return showForm(item, form, new FieldErrors(problems), null, me, model);
		}
		try {
			RequestView created = this.requests.submit(command, Actor.person(me.getUsername()));
			redirect.addFlashAttribute("message", "request.submitted");
			return "redirect:/requests/" + created.id();
		}
		catch (InvalidRequestException ex) {
			return showForm(item, form, new FieldErrors(ex.getProblems()), null, me, model);
		}
		catch (RequestConflictException ex) {
			return showForm(item, form, new FieldErrors(List.of(new FieldProblem("environment", ex.getMessage()))),
					null, me, model);
		}
		catch (NotPermittedException ex) {
			return showForm(item, form, new FieldErrors(List.of()), ex.getMessage(), me, model);
		}
		catch (GatesFailedException ex) {
			return showForm(item, form, new FieldErrors(List.of()),
					"Policy gates refuse this request, nothing was stored: " + ex.getReport().failureSummary(), me,
					model);
		}
	}

	@GetMapping("/requests")
	String list(@ModelAttribute("me") Person me, Model model) {
		model.addAttribute("requests",
				me.seesAllTeams() ? this.requests.all() : this.requests.ofTeamsOf(me.getUsername()));
		return "request/list";
	}

	@GetMapping("/requests/{id}")
	String detail(@PathVariable UUID id, @ModelAttribute("me") Person me, Model model) {
		RequestView request = addStatus(id, me, model);
		model.addAttribute("parameters", this.parameters.of(request));
		model.addAttribute("mayCancel",
				(request.requestedBy().equals(me.getUsername()) || me.hasRole(Role.PLATFORM_ADMIN))
						&& request.state().isCancellable(request.held() != null));
		return "request/detail";
	}

	/**
	 * The evidence record of a request as a printable page, for auditors and platform
	 * administrators (the security configuration says so).
	 */
	@GetMapping("/requests/{id}/evidence")
	String evidence(@PathVariable UUID id, Model model) {
		RequestEvidence evidence = this.requests.evidence(id);
		model.addAttribute("evidence", evidence);
		model.addAttribute("request", evidence.request());
		model.addAttribute("parameters", this.parameters.of(evidence.request()));
		return "request/evidence";
	}

	/**
	 * The status part of a request's page, which the page polls while the request is on
	 * its way: its state, decisions and timeline, and its environment's live status.
	 */
	@GetMapping("/requests/{id}/status")
	String status(@PathVariable UUID id, @ModelAttribute("me") Person me, Model model) {
		addStatus(id, me, model);
		return "request/detail :: status";
	}

	private RequestView addStatus(UUID id, Person me, Model model) {
		RequestView request = this.requests.get(id, me.getUsername());
		model.addAttribute("request", request);
		model.addAttribute("environment",
				this.environments
					.summary(new EnvironmentKey(request.team(), request.environment()),
							this.environments.visibilityOf(me.getUsername()))
					.orElse(null));
		// while it is open, what a change of parameters would change in the environment
		model.addAttribute("changes",
				this.parameters.changedBy(request, (EnvironmentView) model.getAttribute("environment")));
		return request;
	}

	/**
	 * A platform administrator sends a failed request through its failed step again.
	 */
	@PostMapping("/requests/{id}/retry")
	String retry(@PathVariable UUID id, @ModelAttribute("me") Person me, RedirectAttributes redirect) {
		try {
			this.requests.retry(id, Actor.person(me.getUsername()));
			redirect.addFlashAttribute("message", "request.retried");
		}
		catch (NotPermittedException | RequestConflictException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/requests/" + id;
	}

	/**
	 * The requester, or a platform administrator, withdraws a request not yet committed.
	 */
	@PostMapping("/requests/{id}/cancel")
	String cancel(@PathVariable UUID id, @RequestParam(required = false) String reason, @ModelAttribute("me") Person me,
			RedirectAttributes redirect) {
		try {
			this.requests.cancel(id, reason, Actor.person(me.getUsername()), null);
			redirect.addFlashAttribute("message", "request.cancelled");
		}
		catch (InvalidRequestException | NotPermittedException | RequestConflictException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/requests/" + id;
	}

	@ExceptionHandler(RequestNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "request/not-found";
	}

	private static Map<String, String> asOptions(List<String> values) {
		Map<String, String> options = new LinkedHashMap<>();
		values.forEach((value) -> options.put(value, value));
		return options;
	}

	private CatalogItem item(String key) {
		return this.catalog.latest(key).orElseThrow(() -> new CatalogItemNotFoundException(key));
	}

	private String showForm(CatalogItem item, RequestForm form, FieldErrors errors, String globalError, Person me,
			Model model) {
		Map<String, String> teams = new LinkedHashMap<>();
		this.people.teams()
			.stream()
			.filter((team) -> me.mayRequestFor(team.getKey()))
			.forEach((team) -> teams.put(team.getKey(), team.getDisplayName()));
		model.addAttribute("item", item);
		model.addAttribute("fields", this.catalog.parameterSchema(item).fields());
		model.addAttribute("teams", teams);
		model.addAttribute("classes", asOptions(item.definition().environmentClasses()));
		model.addAttribute("regions", asOptions(item.definition().regions()));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("globalError", globalError);
		return "request/form";
	}

}
