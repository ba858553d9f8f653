package health.haven.ui.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.ParameterField;
import health.haven.provisioning.request.CreateEnvironment;
import health.haven.provisioning.request.Ticket;

/**
 * What the request form posts: the environment's name and placement, its parameters as
 * typed into the generated fields, and an optional ticket. Turned into a command with the
 * parameters converted to the types the item's schema asks for.
 */
public class RequestForm {

	private String environment;

	private String team;

	private String environmentClass;

	private String region;

	private Map<String, String> parameters = new LinkedHashMap<>();

	private String ticketSystem;

	private String ticketId;

	private String ticketUrl;

	/**
	 * The command, or the problems of fields whose text is not of their type (a word in a
	 * number field).
	 */
	CreateEnvironment toCommand(String catalogItem, List<ParameterField> fields, List<FieldProblem> problems) {
		Map<String, Object> typed = new LinkedHashMap<>();
		for (ParameterField field : fields) {
			String text = this.parameters.get(field.name());
			if (field.isBoolean()) {
				typed.put(field.name(), "true".equals(text));
			}
			else if (field.isArray()) {
				typed.put(field.name(), lines(text));
			}
			else if (text == null || text.isBlank()) {
				continue;
			}
			else if (field.isNumeric()) {
				try {
					typed.put(field.name(), Long.parseLong(text.strip()));
				}
				catch (NumberFormatException ex) {
					problems
						.add(new FieldProblem("parameters." + field.name(), field.title() + " must be a whole number"));
				}
			}
			else {
				typed.put(field.name(), text.strip());
			}
		}
		Ticket ticket = isBlank(this.ticketId) ? null
				: new Ticket(blankToNull(this.ticketSystem), this.ticketId.strip(), blankToNull(this.ticketUrl));
		return new CreateEnvironment(catalogItem, strip(this.environment), this.team, this.environmentClass,
				this.region, typed, ticket);
	}

	/**
	 * Fills the parameter fields with their defaults, for a fresh form.
	 */
	void applyDefaults(List<ParameterField> fields) {
		for (ParameterField field : fields) {
			if (field.defaultValue() instanceof List<?> values) {
				this.parameters.putIfAbsent(field.name(),
						String.join("\n", values.stream().map(String::valueOf).toList()));
			}
			else if (field.defaultValue() != null) {
				this.parameters.putIfAbsent(field.name(), String.valueOf(field.defaultValue()));
			}
		}
	}

	private static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		if (text != null) {
			text.lines().map(String::strip).filter((line) -> !line.isEmpty()).forEach(lines::add);
		}
		return lines;
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

	private static String blankToNull(String text) {
		return isBlank(text) ? null : text.strip();
	}

	private static String strip(String text) {
		return (text != null) ? text.strip() : null;
	}

	public String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

	public String getTeam() {
		return this.team;
	}

	public void setTeam(String team) {
		this.team = team;
	}

	public String getEnvironmentClass() {
		return this.environmentClass;
	}

	public void setEnvironmentClass(String environmentClass) {
		this.environmentClass = environmentClass;
	}

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public Map<String, String> getParameters() {
		return this.parameters;
	}

	public void setParameters(Map<String, String> parameters) {
		this.parameters = parameters;
	}

	public String getTicketSystem() {
		return this.ticketSystem;
	}

	public void setTicketSystem(String ticketSystem) {
		this.ticketSystem = ticketSystem;
	}

	public String getTicketId() {
		return this.ticketId;
	}

	public void setTicketId(String ticketId) {
		this.ticketId = ticketId;
	}

	public String getTicketUrl() {
		return this.ticketUrl;
	}

	public void setTicketUrl(String ticketUrl) {
		this.ticketUrl = ticketUrl;
	}

}
