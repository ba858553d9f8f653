package health.haven.ui.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.catalog.ParameterField;
import health.haven.provisioning.request.ChangeEnvironment;
import health.haven.provisioning.request.RequestType;
import health.haven.ui.ParameterTexts;
import health.haven.ui.TicketFields;

/**
 * What the forms of a day-2 change post: the parameters as they should be (UPDATE), or
 * the environment's name typed again to confirm its removal (DECOMMISSION); an optional
 * ticket, and whether it is an emergency change.
 */
public class ChangeForm extends TicketFields {

	private Map<String, String> parameters = new LinkedHashMap<>();

	private boolean emergency;

	private String confirmation;

	/**
	 * The change of parameters, or the problems of fields whose text is not of their
	 * type. Every field is sent: those that keep their value change nothing, and one
	 * emptied is no longer set.
	 */
	ChangeEnvironment toUpdate(String team, String environment, List<ParameterField> fields,
			List<FieldProblem> problems) {
		return new ChangeEnvironment(RequestType.UPDATE, team, environment, null, null, null,
				ParameterTexts.changed(this.parameters, fields, problems), ticket(), this.emergency);
	}

	/**
	 * The removal, or the problem that the name typed to confirm it is not the
	 * environment's.
	 */
	ChangeEnvironment toDecommission(String team, String environment, List<FieldProblem> problems) {
		if (this.confirmation == null || !this.confirmation.strip().equals(environment)) {
			problems.add(new FieldProblem("confirmation",
					"Type the environment's name, " + environment + ", to confirm its removal"));
		}
		return new ChangeEnvironment(RequestType.DECOMMISSION, team, environment, null, null, null, Map.of(), ticket(),
				this.emergency);
	}

	/**
	 * Fills the parameter fields with the values in force, for a fresh form.
	 */
	void applyInForce(List<ParameterField> fields, Map<String, Object> inForce) {
		ParameterTexts.fill(this.parameters, fields, (field) -> inForce.get(field.name()));
	}

	public Map<String, String> getParameters() {
		return this.parameters;
	}

	public void setParameters(Map<String, String> parameters) {
		this.parameters = parameters;
	}

	public boolean isEmergency() {
		return this.emergency;
	}

	public void setEmergency(boolean emergency) {
		this.emergency = emergency;
	}

	public String getConfirmation() {
		return this.confirmation;
	}

	public void setConfirmation(String confirmation) {
		this.confirmation = confirmation;
	}

}
