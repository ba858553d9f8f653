package health.haven.ui.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.catalog.ParameterField;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.gate.GatesFailedException;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.request.Actor;
import health.haven.provisioning.request.ChangeEnvironment;
import health.haven.provisioning.request.EnvironmentRequests;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.NotPermittedException;
import health.haven.provisioning.request.RequestConflictException;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;
import health.haven.ui.request.FieldErrors;

/**
 * Day-2 changes from an environment's page: new parameters, rendered from the item's
 * latest version and filled with those in force, or its removal, confirmed by typing its
 * name. Either becomes a request, gated and approved like the one that created it.
 */
@Controller
@RequestMapping("/environments/{team}/{name}")
class EnvironmentChangePageController {

	// the fields the forms show a problem at (with the parameters' and, where offered,
	// the emergency flag's); any other problem is said above the form
	private static final Set<String> FORM_FIELDS = Set.of("parameters", "confirmation", "ticket.system", "ticket.id",
			"ticket.url");

	private final VisibleEnvironments environments;

	private final EnvironmentRequests requests;

	private final Catalog catalog;

	EnvironmentChangePageController(VisibleEnvironments environments, EnvironmentRequests requests, Catalog catalog) {
		this.environments = environments;
		this.requests = requests;
		this.catalog = catalog;
	}

	@GetMapping("/change")
	String changeForm(@PathVariable String team, @PathVariable String name, @ModelAttribute("me") Person me,
			Model model, RedirectAttributes redirect) {
		return freshForm(RequestType.UPDATE, team, name, me, model, redirect);
	}

	@PostMapping("/change")
	String change(@PathVariable String team, @PathVariable String name, @ModelAttribute("form") ChangeForm form,
			@ModelAttribute("me") Person me, Model model, RedirectAttributes redirect) {
		EnvironmentView environment = this.environments.get(team, name, me);
		List<FieldProblem> problems = new ArrayList<>();
		ChangeEnvironment command = form.toUpdate(environment.team(), environment.name(), fields(environment),
				problems);
		return submit(command, problems, environment, form, me, model, redirect);
	}

	@GetMapping("/decommission")
	String decommissionForm(@PathVariable String team, @PathVariable String name, @ModelAttribute("me") Person me,
			Model model, RedirectAttributes redirect) {
		return freshForm(RequestType.DECOMMISSION, team, name, me, model, redirect);
	}

	@PostMapping("/decommission")
	String decommission(@PathVariable String team, @PathVariable String name, @ModelAttribute("form") ChangeForm form,
			@ModelAttribute("me") Person me, Model model, RedirectAttributes redirect) {
		EnvironmentView environment = this.environments.get(team, name, me);
		List<FieldProblem> problems = new ArrayList<>();
		ChangeEnvironment command = form.toDecommission(environment.team(), environment.name(), problems);
		return submit(command, problems, environment, form, me, model, redirect);
	}

	/**
	 * The form of a change, the parameters' fields filled with those in force; or back to
	 * the environment's page, saying why, for someone who cannot change it.
	 */
	private String freshForm(RequestType type, String team, String name, Person me, Model model,
			RedirectAttributes redirect) {
		EnvironmentView environment = this.environments.get(team, name, me);
		String refusal = refusal(environment, me);
		if (refusal != null) {
			redirect.addFlashAttribute("changeError", refusal);
			return "redirect:/environments/" + environment.team() + "/" + environment.name() + "#changes";
		}
		ChangeForm form = new ChangeForm();
		if (type == RequestType.UPDATE) {
			form.applyInForce(fields(environment), environment.parameters());
		}
		return show(type, environment, form, List.of(), null, model);
	}

	private String submit(ChangeEnvironment command, List<FieldProblem> problems, EnvironmentView environment,
			ChangeForm form, Person me, Model model, RedirectAttributes redirect) {
		if (!problems.isEmpty()) {
			return show(command.type(), environment, form, problems, null, model);
		}
		try {
			RequestView created = this.requests.submitChange(command, Actor.person(me.getUsername()));
			redirect.addFlashAttribute("message", "request.submitted");
			return "redirect:/requests/" + created.id();
		}
		catch (InvalidRequestException ex) {
			return show(command.type(), environment, form, ex.getProblems(), null, model);
		}
		catch (RequestConflictException | NotPermittedException ex) {
			return show(command.type(), environment, form, List.of(), ex.getMessage(), model);
		}
		catch (GatesFailedException ex) {
			return show(command.type(), environment, form, List.of(),
					"Policy gates refuse this change, nothing was stored: " + ex.getReport().failureSummary(), model);
		}
	}

	/**
	 * Why the person cannot change the environment at all, or {@code null}.
	 */
	private static String refusal(EnvironmentView environment, Person me) {
		if (environment.live().status() == LiveStatus.DECOMMISSIONED) {
			return "Environment " + environment.team() + "/" + environment.name()
					+ " is decommissioned; nothing changes it any more";
		}
		if (!me.mayRequestFor(environment.team())) {
			return me.getUsername() + " may not request changes for team " + environment.team();
		}
		return null;
	}

	private CatalogItem item(EnvironmentView environment) {
		return this.catalog.latest(environment.catalogItem()).orElseThrow();
	}

	private List<ParameterField> fields(EnvironmentView environment) {
		return this.catalog.parameterSchema(item(environment)).fields();
	}

	private String show(RequestType type, EnvironmentView environment, ChangeForm form, List<FieldProblem> problems,
			String globalError, Model model) {
		CatalogItem item = item(environment);
		boolean emergencyOffered = item.definition().emergencyPolicy(environment.environmentClass()).isPresent();
		// a problem no field of the form shows (the environment, an emergency flag where
		// none is offered) is said above it, so that none is lost
		String unshown = problems.stream()
			.filter((problem) -> !FORM_FIELDS.contains(problem.field()) && !problem.field().startsWith("parameters.")
					&& !(emergencyOffered && problem.field().equals("emergency")))
			.map(FieldProblem::message)
			.collect(Collectors.joining("; "));
		model.addAttribute("environment", environment);
		model.addAttribute("item", item);
		model.addAttribute("fields", this.catalog.parameterSchema(item).fields());
		model.addAttribute("emergencyOffered", emergencyOffered);
		model.addAttribute("form", form);
		model.addAttribute("errors", new FieldErrors(problems));
		model.addAttribute("globalError", (globalError != null) ? globalError : (unshown.isEmpty() ? null : unshown));
		return (type == RequestType.DECOMMISSION) ? "environment/decommission" : "environment/change";
	}

}
