package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;
import health.haven.provisioning.environment.EnvironmentActionRefusedException.Refusal;

/**
 * An environment as the portal knows it: what it was made from and with which parameters,
 * where it runs, the commit that last changed it, and what its GitOps controller last
 * said about it. Created when its first change is committed; its live status changes only
 * through {@link #observe} and {@link #lostContact}, which never let an older report
 * overwrite a newer one.
 */
@Entity
@Table(name = "environment")
public class Environment {

	static final int MAX_MESSAGE_LENGTH = 2000;

	@Id
	private UUID id;

	private String teamKey;

	private String name;

	private String catalogKey;

	private int catalogVersion;

	@Enumerated(EnumType.STRING)
	private Tier tier;

	private String environmentClass;

	private String region;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String parameters;

	private String folder;

	private String cluster;

	@Enumerated(EnumType.STRING)
	private GitOpsController controller;

	private String controllerNamespace;

	private String controllerName;

	private String commitSha;

	@Enumerated(EnumType.STRING)
	private LiveStatus status;

	private String statusMessage;

	private Instant statusSince;

	private String appliedRevision;

	private String syncStatus;

	private String healthStatus;

	private Instant observedAt;

	private Instant driftDetectedAt;

	private String driftDiff;

	private UUID driftWaitingRequest;

	private String driftReason;

	private boolean driftConflict;

	@Enumerated(EnumType.STRING)
	private DriftDecision driftDecision;

	private String driftDecidedBy;

	private Instant driftDecidedAt;

	private String driftComment;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	protected Environment() {
	}

	Environment(UUID id, EnvironmentChange change, Instant at) {
		this.id = id;
		this.teamKey = change.team();
		this.name = change.name();
		this.createdAt = at;
		this.status = change.watched() ? LiveStatus.AWAITING_CONTROLLER : LiveStatus.NOT_TRACKED;
		this.statusSince = at;
		take(change, at);
	}

	/**
	 * A committed change now shapes the environment: its catalog version, parameters and
	 * placement are the ones in force, its commit the current one.
	 */
	void take(EnvironmentChange change, Instant at) {
		if (!change.team().equals(this.teamKey) || !change.name().equals(this.name)) {
			throw new IllegalArgumentException("A change of " + change.team() + "/" + change.name()
					+ " does not belong to " + this.teamKey + "/" + this.name);
		}
		this.catalogKey = change.catalogKey();
		this.catalogVersion = change.catalogVersion();
		this.tier = change.tier();
		this.environmentClass = change.environmentClass();
		this.region = change.region();
		this.parameters = change.parametersJson();
		this.folder = change.folder();
		this.commitSha = change.commitSha();
		Placement placement = change.placement();
		if (placement != null) {
			this.cluster = placement.cluster();
			this.controller = placement.controller();
			this.controllerNamespace = placement.namespace();
			this.controllerName = placement.name();
		}
		this.updatedAt = at;
	}

	/**
	 * A decommission removed its folder and controller object from the repository at the
	 * commit: the environment is gone from then on, its record stays for the evidence.
	 */
	void decommission(String commitSha, Instant at) {
		this.commitSha = commitSha;
		this.status = LiveStatus.DECOMMISSIONED;
		this.statusSince = at;
		this.statusMessage = "Removed from the GitOps repository at "
				+ commitSha.substring(0, Math.min(12, commitSha.length())) + "; the controller prunes what ran";
		this.updatedAt = at;
	}

	/**
	 * Takes the controller's report as the live status, unless a newer report is in force
	 * already.
	 * @return whether the live status changed
	 */
	boolean observe(ReconcileObserved observed) {
		if (this.status == LiveStatus.DECOMMISSIONED
				|| (this.observedAt != null && observed.observedAt().isBefore(this.observedAt))) {
			return false;
		}
		boolean changed = observed.status() != this.status
				|| !Objects.equals(observed.appliedRevision(), this.appliedRevision)
				|| !Objects.equals(truncate(observed.message()), this.statusMessage);
		if (observed.status() != this.status) {
			this.statusSince = observed.observedAt();
		}
		this.status = observed.status();
		this.statusMessage = truncate(observed.message());
		this.appliedRevision = observed.appliedRevision();
		this.syncStatus = observed.syncStatus();
		this.healthStatus = observed.healthStatus();
		this.observedAt = observed.observedAt();
		this.updatedAt = observed.observedAt();
		return changed;
	}

	/**
	 * The portal can no longer hear the controller: what it said last is not to be
	 * trusted any more. Stays unknown since the moment contact was lost.
	 * @return whether the live status changed
	 */
	boolean lostContact(Instant since, String reason) {
		if (this.status == LiveStatus.UNKNOWN || this.status == LiveStatus.NOT_TRACKED
				|| this.status == LiveStatus.DECOMMISSIONED
				|| (this.observedAt != null && since.isBefore(this.observedAt))) {
			return false;
		}
		this.status = LiveStatus.UNKNOWN;
		this.statusSince = since;
		this.statusMessage = truncate(reason);
		this.observedAt = since;
		this.updatedAt = since;
		return true;
	}

	/**
	 * Its folder holds a hand edit: shown with the diff until a person decides, or the
	 * edit is put back. A report older than the last decision is about an edit already
	 * decided.
	 * @return whether it changed the environment
	 */
	boolean driftDetected(DriftDetected drift) {
		if (this.driftDecidedAt != null && !drift.detectedAt().isAfter(this.driftDecidedAt)) {
			return false;
		}
		this.driftDetectedAt = drift.detectedAt();
		this.driftDiff = drift.diff();
		this.driftReason = truncate(drift.reason());
		this.driftConflict = drift.conflict();
		if (drift.waitingRequest() != null) {
			this.driftWaitingRequest = drift.waitingRequest();
		}
		return true;
	}

	/**
	 * The folder holds what the portal expects again.
	 */
	void driftResolved(Instant at) {
		if (this.driftDetectedAt != null && !at.isBefore(this.driftDetectedAt)) {
			clearDrift();
		}
	}

	private void clearDrift() {
		this.driftDetectedAt = null;
		this.driftDiff = null;
		this.driftReason = null;
		this.driftConflict = false;
		this.driftWaitingRequest = null;
	}

	/**
	 * A platform administrator decides about the hand edit, with a comment that says why
	 * (it goes into the record, and for a discarded edit into the commit that undoes it).
	 * @return the decision, for the writer to act on
	 */
	DriftDecided decideDrift(Person administrator, String recordedAs, DriftDecision decision, String comment,
			Instant at) {
		if (!administrator.hasRole(Role.PLATFORM_ADMIN)) {
			throw new EnvironmentActionRefusedException(Refusal.NOT_PERMITTED, "missing-role",
					"Only a platform administrator accepts or discards a hand edit; " + administrator.getUsername()
							+ " is none");
		}
		if (this.driftDetectedAt == null) {
			throw new EnvironmentActionRefusedException(Refusal.CONFLICT, "no-drift",
					"The folder of " + this.teamKey + "/" + this.name + " holds no hand edit to decide about");
		}
		if (decision == DriftDecision.ACCEPT && this.driftConflict) {
			throw new EnvironmentActionRefusedException(Refusal.CONFLICT, "conflicting-edit",
					"The waiting change cannot be merged onto this edit; discard the edit to write the change");
		}
		this.driftDecision = decision;
		this.driftDecidedBy = recordedAs;
		this.driftDecidedAt = at;
		this.driftComment = comment;
		this.updatedAt = at;
		clearDrift();
		return new DriftDecided(this.teamKey, this.name, this.folder, decision, recordedAs, comment, at);
	}

	/**
	 * The portal wrote back what it had written before an edit a person discarded.
	 */
	void restored(String commit, Instant at) {
		this.commitSha = commit;
		this.updatedAt = at;
	}

	/**
	 * Whether the controller reports this environment healthy at a revision, as far as
	 * the portal knows now.
	 */
	public boolean isHealthyAt(String revision) {
		return this.status == LiveStatus.HEALTHY && revision != null && revision.equals(this.appliedRevision);
	}

	private static String truncate(String message) {
		return (message != null && message.length() > MAX_MESSAGE_LENGTH)
				? message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…" : message;
	}

	public UUID getId() {
		return this.id;
	}

	public String getTeamKey() {
		return this.teamKey;
	}

	public String getName() {
		return this.name;
	}

	public String getCatalogKey() {
		return this.catalogKey;
	}

	public int getCatalogVersion() {
		return this.catalogVersion;
	}

	public Tier getTier() {
		return this.tier;
	}

	public String getEnvironmentClass() {
		return this.environmentClass;
	}

	public String getRegion() {
		return this.region;
	}

	public String getParametersJson() {
		return this.parameters;
	}

	public String getFolder() {
		return this.folder;
	}

	public String getCluster() {
		return this.cluster;
	}

	public GitOpsController getController() {
		return this.controller;
	}

	public String getControllerNamespace() {
		return this.controllerNamespace;
	}

	public String getControllerName() {
		return this.controllerName;
	}

	public String getCommitSha() {
		return this.commitSha;
	}

	public LiveStatus getStatus() {
		return this.status;
	}

	public String getStatusMessage() {
		return this.statusMessage;
	}

	public Instant getStatusSince() {
		return this.statusSince;
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

	public Instant getObservedAt() {
		return this.observedAt;
	}

	public Instant getDriftDetectedAt() {
		return this.driftDetectedAt;
	}

	public String getDriftDiff() {
		return this.driftDiff;
	}

	public UUID getDriftWaitingRequest() {
		return this.driftWaitingRequest;
	}

	public String getDriftReason() {
		return this.driftReason;
	}

	public boolean isDriftConflict() {
		return this.driftConflict;
	}

	public String getDriftComment() {
		return this.driftComment;
	}

	public DriftDecision getDriftDecision() {
		return this.driftDecision;
	}

	public String getDriftDecidedBy() {
		return this.driftDecidedBy;
	}

	public Instant getDriftDecidedAt() {
		return this.driftDecidedAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public long getVersion() {
		return this.version;
	}

}
