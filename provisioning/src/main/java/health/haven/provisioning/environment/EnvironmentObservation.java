package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One report of the GitOps controller about an environment, kept as it came: the
 * environment's history of what ran, when, and how it went. Written once, never changed.
 */
@Entity
@Table(name = "environment_observation")
public class EnvironmentObservation {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<ControllerCondition>> CONDITIONS = new TypeReference<>() {
	};

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private UUID environmentId;

	private Instant observedAt;

	@Enumerated(EnumType.STRING)
	private GitOpsController controller;

	@Enumerated(EnumType.STRING)
	private LiveStatus status;

	private String appliedRevision;

	private String syncStatus;

	private String healthStatus;

	private String operationPhase;

	private String message;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String conditions;

	protected EnvironmentObservation() {
	}

	EnvironmentObservation(UUID environmentId, ReconcileObserved observed) {
		this.environmentId = environmentId;
		this.observedAt = observed.observedAt();
		this.controller = observed.controller();
		this.status = observed.status();
		this.appliedRevision = observed.appliedRevision();
		this.syncStatus = observed.syncStatus();
		this.healthStatus = observed.healthStatus();
		this.operationPhase = observed.operationPhase();
		this.message = (observed.message() != null && observed.message().length() > Environment.MAX_MESSAGE_LENGTH)
				? observed.message().substring(0, Environment.MAX_MESSAGE_LENGTH - 1) + "…" : observed.message();
		this.conditions = JSON.writeValueAsString(observed.conditions());
	}

	/**
	 * Whether this report says the same as another: a controller that resends its state
	 * adds nothing to the history. (Conditions are compared as values: PostgreSQL keeps
	 * jsonb in a form of its own.)
	 */
	boolean saysTheSameAs(ReconcileObserved observed) {
		EnvironmentObservation other = new EnvironmentObservation(this.environmentId, observed);
		return this.status == other.status && this.controller == other.controller
				&& Objects.equals(this.appliedRevision, other.appliedRevision)
				&& Objects.equals(this.syncStatus, other.syncStatus)
				&& Objects.equals(this.healthStatus, other.healthStatus)
				&& Objects.equals(this.operationPhase, other.operationPhase)
				&& Objects.equals(this.message, other.message) && getConditions().equals(observed.conditions());
	}

	public Instant getObservedAt() {
		return this.observedAt;
	}

	public GitOpsController getController() {
		return this.controller;
	}

	public LiveStatus getStatus() {
		return this.status;
	}

	public String getAppliedRevision() {
		return this.appliedRevision;
	}

	public String getSyncStatus() {
		return this.syncStatus;
	}

	public String getHealthStatus() {
		return this.healthStatus;
	}

	public String getOperationPhase() {
		return this.operationPhase;
	}

	public String getMessage() {
		return this.message;
	}

	public List<ControllerCondition> getConditions() {
		return JSON.readValue(this.conditions, CONDITIONS);
	}

}
