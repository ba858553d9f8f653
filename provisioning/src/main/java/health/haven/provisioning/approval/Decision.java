package health.haven.provisioning.approval;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import health.haven.provisioning.people.Role;

/**
 * One decision on a request: who, when, in which role and stage, and why. A decision made
 * by a policy on its own is marked automatic and names the policy instead of a person.
 */
@Entity
@Table(name = "approval_decision")
public class Decision {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String stage;

	@Enumerated(EnumType.STRING)
	private DecisionKind decision;

	private String decidedBy;

	private String actingClient;

	@Enumerated(EnumType.STRING)
	private Role role;

	private boolean automatic;

	private String comment;

	private Instant decidedAt;

	// the approval round it was made in: a resubmission after REQUEST_CHANGES starts a
	// new
	// one
	private int round;

	protected Decision() {
	}

	private Decision(int round, String stage, DecisionKind decision, String decidedBy, String actingClient, Role role,
			boolean automatic, String comment, Instant decidedAt) {
		this.round = round;
		this.stage = stage;
		this.decision = decision;
		this.decidedBy = decidedBy;
		this.actingClient = actingClient;
		this.role = role;
		this.automatic = automatic;
		this.comment = comment;
		this.decidedAt = decidedAt;
	}

	public static Decision byPerson(int round, String stage, DecisionKind kind, String person, String actingClient,
			Role role, String comment, Instant at) {
		return new Decision(round, stage, kind, person, actingClient, role, false, comment, at);
	}

	public static Decision byPolicy(String policyName, Instant at) {
		return new Decision(1, "automatic", DecisionKind.APPROVE, "policy " + policyName, null, null, true,
				"Approved automatically by policy " + policyName, at);
	}

	public int getRound() {
		return this.round;
	}

	public String getStage() {
		return this.stage;
	}

	public DecisionKind getDecision() {
		return this.decision;
	}

	public String getDecidedBy() {
		return this.decidedBy;
	}

	public String getActingClient() {
		return this.actingClient;
	}

	public Role getRole() {
		return this.role;
	}

	public boolean isAutomatic() {
		return this.automatic;
	}

	public String getComment() {
		return this.comment;
	}

	public Instant getDecidedAt() {
		return this.decidedAt;
	}

	/**
	 * How this decision reads in a commit trailer: {@code bob (APPROVER)} or
	 * {@code policy dev-self-service (automatic)}.
	 */
	public String attribution() {
		if (this.automatic) {
			return this.decidedBy + " (automatic)";
		}
		// a group's stage has no role: the stage says who decided
		return this.decidedBy + " (" + ((this.role != null) ? this.role : this.stage) + ")";
	}

}
