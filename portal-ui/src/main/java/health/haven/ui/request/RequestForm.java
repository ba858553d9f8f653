package health.haven.ui.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.ParameterField;
import health.haven.provisioning.request.CreateEnvironment;
import health.haven.ui.ParameterTexts;
import health.haven.ui.TicketFields;

/**
 * What the request form posts: the environment's name and placement, its parameters as
 * typed into the generated fields, and an optional ticket. Turned into a command with the
 * parameters converted to the types the item's schema asks for.
 */
public class RequestForm extends TicketFields {

	private String environment;

	private String team;

	private String environmentClass;

	private String region;

	private Map<String, String> parameters = new LinkedHashMap<>();

	/**
	 * The command, or the problems of fields whose text is not of their type (a word in a
	 * number field).
	 */
	CreateEnvironment toCommand(String catalogItem, List<ParameterField> fields, List<FieldProblem> problems) {
		Map<String, Object> typed = ParameterTexts.typed(this.parameters, fields, problems);
		return new CreateEnvironment(catalogItem, strip(this.environment), this.team, this.environmentClass,
				this.region, typed, ticket());
	}

	/**
	 * Fills the parameter fields with their defaults, for a fresh form.
	 */
	void applyDefaults(List<ParameterField> fields) {
		ParameterTexts.fill(this.parameters, fields, ParameterField::defaultValue);
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

}
