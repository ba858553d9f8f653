package health.haven.provisioning.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.catalog.ParameterSchema;
import health.haven.provisioning.people.Names;
import health.haven.provisioning.people.People;

/**
 * Checks a new request field by field and reports every problem at once. Names end up in
 * Kubernetes objects, repository paths and commit trailers, so they are held to DNS-1123
 * and ticket references to a plain alphabet: nothing a requester sends can escape a
 * folder or add a line to a commit message.
 */
@Component
class RequestValidation {

	static final int MAX_ENVIRONMENT_LENGTH = 30;

	private static final Pattern TICKET_SYSTEM = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

	private final Catalog catalog;

	private final People people;

	RequestValidation(Catalog catalog, People people) {
		this.catalog = catalog;
		this.people = people;
	}

	Validated check(CreateEnvironment command) {
		return check(command, null);
	}

	/**
	 * Checks the command against the given version of its catalog item (a request keeps
	 * the version it started under), or against the item's latest version.
	 */
	Validated check(CreateEnvironment command, CatalogItem pinned) {
		List<FieldProblem> problems = new ArrayList<>();
		CatalogItem item = pinned;
		if (item == null && isBlank(command.catalogItem())) {
			problems.add(new FieldProblem("catalogItem", "A catalog item is required"));
		}
		else if (item == null) {
			item = this.catalog.latest(command.catalogItem()).orElse(null);
			if (item == null) {
				problems.add(new FieldProblem("catalogItem",
						"There is no catalog item named '" + command.catalogItem() + "'"));
			}
		}
		if (!Names.isDns1123Label(command.environment(), MAX_ENVIRONMENT_LENGTH)) {
			problems.add(new FieldProblem("environment",
					"The environment name must be at most " + MAX_ENVIRONMENT_LENGTH
							+ " lower-case letters, digits and '-', starting and ending with a letter or digit, "
							+ "such as finance-prod"));
		}
		if (isBlank(command.team())) {
			problems.add(new FieldProblem("team", "A team is required"));
		}
		else if (this.people.findTeam(command.team()).isEmpty()) {
			problems.add(new FieldProblem("team", "There is no team named '" + command.team() + "'"));
		}
		Map<String, Object> parameters = command.parameters();
		if (item != null) {
			checkOffer(item, command, problems);
			ParameterSchema schema = this.catalog.parameterSchema(item);
			parameters = schema.withDefaults(command.parameters());
			problems.addAll(schema.validate(parameters));
		}
		checkTicket(command.ticket(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		return new Validated(item, parameters);
	}

	private static void checkOffer(CatalogItem item, CreateEnvironment command, List<FieldProblem> problems) {
		if (isBlank(command.environmentClass())) {
			problems.add(new FieldProblem("environmentClass", "An environment class is required"));
		}
		else if (!item.offers(command.environmentClass())) {
			problems.add(new FieldProblem("environmentClass", "The environment class must be one of "
					+ String.join(", ", item.definition().environmentClasses()) + ": those " + item.key() + " offers"));
		}
		if (isBlank(command.region())) {
			problems.add(new FieldProblem("region", "A region is required"));
		}
		else if (!item.servesRegion(command.region())) {
			problems.add(new FieldProblem("region", "The region must be one of "
					+ String.join(", ", item.definition().regions()) + ": those " + item.key() + " serves"));
		}
	}

	private static void checkTicket(Ticket ticket, List<FieldProblem> problems) {
		if (ticket == null) {
			return;
		}
		if (ticket.system() == null || !TICKET_SYSTEM.matcher(ticket.system()).matches()) {
			problems.add(new FieldProblem("ticket.system",
					"The ticketing system must be a short lower-case name, such as servicenow"));
		}
		if (ticket.id() == null || !TICKET_ID.matcher(ticket.id()).matches()) {
			problems.add(new FieldProblem("ticket.id",
					"The ticket must be 1 to 100 letters, digits or . _ : / -, such as CHG0031337"));
		}
		if (ticket.url() != null && !isHttpUrl(ticket.url())) {
			problems.add(new FieldProblem("ticket.url",
					"The link to the ticket must be an http or https address of at most 1000 characters"));
		}
	}

	private static boolean isHttpUrl(String url) {
		if (url.length() > 1000) {
			return false;
		}
		try {
			URI uri = new URI(url);
			return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	record Validated(CatalogItem item, Map<String, Object> parameters) {
	}

}
