package health.haven.provisioning.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import org.springframework.data.domain.Persistable;

import health.haven.provisioning.approval.ApprovalProgress;
import health.haven.provisioning.approval.Decision;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.gate.Footprint;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;

/**
 * A request for a change to an environment, from submission to commit. Its state changes
 * only through the transition methods, which refuse every move the state machine does not
 * allow.
 */
@Entity
@Table(name = "environment_request")
public class EnvironmentRequest implements Persistable<UUID> {

	static final int MAX_NOTE_LENGTH = 2000;

	@Id
	private UUID id;

	@Enumerated(EnumType.STRING)
	private RequestType requestType;

	private String catalogKey;

	private int catalogVersion;

	private String teamKey;

	private String environment;

	private String environmentClass;

	private String region;

	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String parameters;

	@Embedded
	private Ticket ticket;

	private String requestedBy;

	private String submittedBy;

	// the person who submitted it for the requester, where that is someone else
	private String submittedByPerson;

	@Enumerated(EnumType.STRING)
	private RequestState state;

	private String stateReason;

	private String failedStep;

	private String commitSha;

	private String commitPath;

	private String syncedRevision;

	private String reconcileProblem;

	private String delayReason;

	private Integer delayAttempts;

	private Instant nextAttemptAt;

	private String remindedStage;

	// a resubmission after REQUEST_CHANGES starts a new round; only its decisions count
	private int approvalRound = 1;

	// an emergency change: approved under the item's stricter emergency policy, it does
	// not wait for change windows
	private boolean emergency;

	// approved inside a freeze: committed once it ends
	private Instant heldUntil;

	private String heldReason;

	private Instant remindedAt;

	// the policy gates' results at submission (or resubmission), as JSON
	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String gateResults;

	private Instant gatesCheckedAt;

	// what its manifests take from the team's quota
	private long footprintCpuMillis;

	private long footprintMemoryMi;

	private long footprintStorageGi;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "request_id", nullable = false)
	@OrderBy("id")
	private List<Decision> decisions = new ArrayList<>();

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
	@JoinColumn(name = "request_id", nullable = false)
	@OrderBy("id")
	private List<RequestTimelineEntry> timeline = new ArrayList<>();

	// what happened since the request was loaded, until the service publishes it
	@Transient
	private final List<AuditEvent> audit = new ArrayList<>();

	// made here and not stored yet: saved, it is persisted as it is (not merged into a
	// copy, which would leave this instance, and the version its answer shows, behind)
	@Transient
	private boolean fresh;

	protected EnvironmentRequest() {
	}

	EnvironmentRequest(UUID id, RequestType type, String catalogKey, int catalogVersion, String teamKey,
			String environment, String environmentClass, String region, String parametersJson, Ticket ticket,
			boolean emergency, Actor actor, Instant at) {
		this(id, type, catalogKey, catalogVersion, teamKey, environment, environmentClass, region, parametersJson,
				ticket, emergency, actor, null, at);
	}

	/**
	 * @param requestedFor the person the request is for, where the acting person raises
	 * it for someone else; {@code null} for themselves
	 */
	EnvironmentRequest(UUID id, RequestType type, String catalogKey, int catalogVersion, String teamKey,
			String environment, String environmentClass, String region, String parametersJson, Ticket ticket,
			boolean emergency, Actor actor, String requestedFor, Instant at) {
		this.id = id;
		this.emergency = emergency;
		this.requestType = type;
		this.catalogKey = catalogKey;
		this.catalogVersion = catalogVersion;
		this.teamKey = teamKey;
		this.environment = environment;
		this.environmentClass = environmentClass;
		this.region = region;
		this.parameters = parametersJson;
		this.ticket = ticket;
		boolean forAnother = requestedFor != null && !requestedFor.equals(actor.person());
		this.requestedBy = forAnother ? requestedFor : actor.person();
		this.submittedByPerson = forAnother ? actor.person() : null;
		this.submittedBy = actor.recordedAs() + (forAnother ? " for " + requestedFor : "");
		this.createdAt = at;
		this.fresh = true;
		moveTo(RequestState.SUBMITTED, actor.person(), actor.client(), null, at);
		Map<String, String> content = new TreeMap<>();
		content.put("type", type.name());
		content.put("catalogItem", catalogKey + "@" + catalogVersion);
		content.put("team", teamKey);
		content.put("environment", environment);
		content.put("environmentClass", environmentClass);
		content.put("region", region);
		content.put("parameters", parametersJson);
		if (emergency) {
			content.put("emergency", "true");
		}
		if (forAnother) {
			content.put("requestedFor", requestedFor);
		}
		if (ticket != null) {
			content.put("ticket", ticket.reference());
			if (ticket.url() != null) {
				content.put("ticketUrl", ticket.url());
			}
		}
		this.audit.add(new AuditEvent(at, "request.submitted", subject(), actor.person(), actor.client(), content));
	}

	/**
	 * The policy approved the request on its own (for example every dev environment).
	 */
	void approveByPolicy(ApprovalPolicy policy, Instant at) {
		expect(RequestState.SUBMITTED, "approve automatically");
		this.decisions.add(Decision.byPolicy(policy.name(), at));
		moveTo(RequestState.APPROVED, "policy " + policy.name(), null,
				"Approved automatically by policy " + policy.name(), at);
	}

	void awaitApproval(ApprovalPolicy policy, Instant at) {
		expect(RequestState.SUBMITTED, "wait for approval");
		moveTo(RequestState.PENDING_APPROVAL, "policy " + policy.name(), null,
				"Waiting for " + progress(policy).currentStage().map(ApprovalStage::name).orElse("approval"), at);
	}

	/**
	 * Records an approver's decision and moves on when the policy is satisfied or the
	 * request rejected.
	 * @return whether the request is approved now
	 */
	boolean decide(Person approver, Decide decide, String actingClient, ApprovalPolicy policy,
			Map<String, Set<String>> groupMembers, Instant at) {
		expect(RequestState.PENDING_APPROVAL, "decide on");
		ApprovalProgress progress = progress(policy, groupMembers);
		ApprovalStage stage = progress.currentStage().orElseThrow();
		RuntimeException refusal = refusal(approver, stage, progress);
		if (refusal != null) {
			throw refusal;
		}
		String actor = approver.getUsername();
		this.decisions.add(Decision.byPerson(this.approvalRound, stage.name(), decide.decision(), actor, actingClient,
				stage.role(), decide.comment(), at));
		this.audit.add(new AuditEvent(at, "request.decided", subject(), actor, actingClient, Map.of()) //
			.with("decision", decide.decision())
			.with("stage", stage.name())
			.with("role", stage.role())
			.with("comment", decide.comment()));
		if (decide.decision() == DecisionKind.REJECT) {
			moveTo(RequestState.REJECTED, actor, actingClient, decide.comment(), at);
			return false;
		}
		if (decide.decision() == DecisionKind.REQUEST_CHANGES) {
			moveTo(RequestState.CHANGES_REQUESTED, actor, actingClient, decide.comment(), at);
			return false;
		}
		if (progress(policy, groupMembers).complete()) {
			moveTo(RequestState.APPROVED, actor, actingClient, decide.comment(), at);
			return true;
		}
		moveTo(RequestState.PENDING_APPROVAL, actor, actingClient, "Stage " + stage.name() + ": approval recorded", at);
		return false;
	}

	/**
	 * Since when the stage that waits has waited: since the submission for the first
	 * stage, since the decision that completed the stage before it for a later one.
	 */
	Instant stageWaitingSince(ApprovalProgress progress) {
		ApprovalStage stage = progress.currentStage().orElseThrow();
		List<String> earlier = progress.policy()
			.stages()
			.stream()
			.takeWhile((each) -> !each.equals(stage))
			.map(ApprovalStage::name)
			.toList();
		return this.decisions.stream()
			.filter((decision) -> earlier.contains(decision.getStage()))
			.map(Decision::getDecidedAt)
			.max(Instant::compareTo)
			.orElse(this.createdAt);
	}

	/**
	 * Reminds the deciders of the stage that waits, once per stage, when it has waited
	 * the policy's {@code remindAfter}.
	 * @return the stage reminded of, or empty when no reminder is due
	 */
	Optional<ApprovalStage> remind(ApprovalPolicy policy, Map<String, Set<String>> groupMembers, Instant now) {
		if (this.state != RequestState.PENDING_APPROVAL || policy.remindAfter() == null) {
			return Optional.empty();
		}
		ApprovalProgress progress = progress(policy, groupMembers);
		ApprovalStage stage = progress.currentStage().orElseThrow();
		Instant since = stageWaitingSince(progress);
		if (stage.name().equals(this.remindedStage) || now.isBefore(since.plus(policy.remindAfter()))) {
			return Optional.empty();
		}
		this.remindedStage = stage.name();
		this.remindedAt = now;
		note(RequestState.PENDING_APPROVAL, "request.reminder-sent", "policy " + policy.name(),
				"Reminder to " + stage.deciders() + ": stage " + stage.name() + " has waited since " + since, now);
		return Optional.of(stage);
	}

	/**
	 * Ends a request that waited the policy's {@code expireAfter} since its submission
	 * without being decided.
	 * @return whether it expired now
	 */
	boolean expire(ApprovalPolicy policy, Map<String, Set<String>> groupMembers, Instant now) {
		if (this.state != RequestState.PENDING_APPROVAL || policy.expireAfter() == null
				|| now.isBefore(this.createdAt.plus(policy.expireAfter()))) {
			return false;
		}
		String stage = progress(policy, groupMembers).currentStage().map(ApprovalStage::name).orElse("approval");
		moveTo(RequestState.EXPIRED, "policy " + policy.name(), null, "Expired: no decision within "
				+ readable(policy.expireAfter()) + " of the submission (stage " + stage + " was waiting)", now);
		return true;
	}

	/**
	 * A policy's duration as people read it: {@code 14 days}, {@code 8 hours}.
	 */
	private static String readable(Duration duration) {
		if (duration.toHours() % 24 == 0 && duration.toDays() > 0) {
			return duration.toDays() + ((duration.toDays() == 1) ? " day" : " days");
		}
		if (duration.toMinutes() % 60 == 0 && duration.toHours() > 0) {
			return duration.toHours() + ((duration.toHours() == 1) ? " hour" : " hours");
		}
		return duration.toMinutes() + " minutes";
	}

	/**
	 * Whether the request waits for a decision this person may make now: the same rules
	 * {@link #decide} enforces.
	 */
	boolean awaitsDecisionBy(Person approver, ApprovalPolicy policy, Map<String, Set<String>> groupMembers) {
		if (this.state != RequestState.PENDING_APPROVAL) {
			return false;
		}
		ApprovalProgress progress = progress(policy, groupMembers);
		return progress.currentStage().map((stage) -> refusal(approver, stage, progress) == null).orElse(false);
	}

	/**
	 * Why this person may not decide at this stage (separation of duties, the stage's
	 * role, one person once), or {@code null} if they may.
	 */
	private RuntimeException refusal(Person approver, ApprovalStage stage, ApprovalProgress progress) {
		if (approver.getUsername().equals(this.requestedBy)) {
			return new NotPermittedException("own-request", "Nobody approves or rejects their own request");
		}
		if (approver.getUsername().equals(this.submittedByPerson)) {
			return new NotPermittedException("submitted-for-another", approver.getUsername()
					+ " submitted this request for " + this.requestedBy + " and may not decide on it either");
		}
		if (!stage.admits(approver)) {
			// one of a later stage's deciders, early: the order of stages is the policy
			Optional<ApprovalStage> later = progress.policy()
				.stages()
				.stream()
				.dropWhile((each) -> !each.equals(stage))
				.skip(1)
				.filter((each) -> each.admits(approver))
				.findFirst();
			if (later.isPresent()) {
				return new RequestConflictException("stage-not-open", "Stage " + stage.name() + " (" + stage.deciders()
						+ ") waits for its decision first; stage " + later.get().name() + " opens after it");
			}
			return new NotPermittedException("missing-role", "Stage " + stage.name() + " is decided by "
					+ stage.deciders() + ", and " + approver.getUsername() + " is not one of them");
		}
		if (progress.hasDecided(approver.getUsername())) {
			return new RequestConflictException("already-decided",
					approver.getUsername() + " has already decided on this request; one person counts once");
		}
		return null;
	}

	/**
	 * The manifests are in the GitOps repository. Idempotent: the first report stands,
	 * and a later one changes nothing. (A request whose change the repository already
	 * held is reported at the branch head of that moment, which a re-delivery may find
	 * moved on.)
	 * @return whether the state changed
	 */
	boolean markCommitted(String sha, String path, Instant at) {
		if (this.commitSha != null && (this.state == RequestState.COMMITTED || this.state == RequestState.COMPLETED)) {
			// the report came again
			return false;
		}
		expect(RequestState.APPROVED, "mark committed");
		this.commitSha = sha;
		this.commitPath = path;
		this.delayReason = null;
		this.delayAttempts = null;
		this.nextAttemptAt = null;
		moveTo(RequestState.COMMITTED, "gitops-writer", null, "Committed " + sha + " at " + path, at);
		return true;
	}

	/**
	 * A decommission is done once its removal is committed: there is nothing left to
	 * become healthy.
	 */
	void completeRemoval(Instant at) {
		expect(RequestState.COMMITTED, "complete a decommission");
		moveTo(RequestState.COMPLETED, "gitops-writer", null, "Decommissioned: the folder and the controller object "
				+ "are removed from the repository; the controller prunes what ran", at);
	}

	/**
	 * The repository could not take the change yet, for a passing cause; the writer tries
	 * again at {@code nextAttempt}. The request stays approved. The timeline records the
	 * first delay and each new reason, not every attempt; a report that arrives after the
	 * commit changes nothing.
	 * @return whether anything changed
	 */
	boolean noteDelay(String reason, int attempts, Instant nextAttempt, Instant at) {
		if (this.state != RequestState.APPROVED) {
			return false;
		}
		if (this.delayAttempts != null && attempts <= this.delayAttempts) {
			// an older report, delivered late
			return false;
		}
		boolean newReason = !reason.equals(this.delayReason);
		this.delayReason = reason;
		this.delayAttempts = attempts;
		this.nextAttemptAt = nextAttempt;
		if (newReason) {
			note(RequestState.APPROVED, "request.commit-delayed", "gitops-writer",
					((nextAttempt != null) ? "Retrying: " : "Waiting: ") + reason, at);
		}
		return true;
	}

	/**
	 * What the environment's controller reported, as far as this committed request is
	 * concerned: the first revision applied that holds its commit is recorded as synced;
	 * healthy at such a revision, the request is done; a problem with a revision that
	 * holds it is shown on the request until the controller reports it gone.
	 * @param applied the revision the controller applied
	 * @param appliedHoldsCommit whether that revision is this request's commit or a
	 * descendant of it
	 * @param attemptHoldsCommit whether the revision the controller tried last holds it
	 * @return whether anything changed
	 */
	boolean observe(LiveStatus status, String controller, String applied, boolean appliedHoldsCommit,
			boolean attemptHoldsCommit, String message, Instant at) {
		if (this.state != RequestState.COMMITTED) {
			return false;
		}
		boolean changed = false;
		if (appliedHoldsCommit && this.syncedRevision == null) {
			this.syncedRevision = applied;
			note(RequestState.COMMITTED, "request.synced", controller,
					"Synced: " + controller + " applied " + shortRevision(applied), at);
			changed = true;
		}
		if (appliedHoldsCommit && status == LiveStatus.HEALTHY) {
			this.reconcileProblem = null;
			moveTo(RequestState.COMPLETED, controller, null, "Running and healthy at " + shortRevision(applied), at);
			return true;
		}
		if (status.isProblem() && (attemptHoldsCommit || appliedHoldsCommit)) {
			String problem = truncate(status.name().replace('_', ' ').toLowerCase(Locale.ROOT) + ": "
					+ ((message != null) ? message : "no message from " + controller));
			if (!problem.equals(this.reconcileProblem)) {
				this.reconcileProblem = problem;
				note(RequestState.COMMITTED, "request.reconcile-problem", controller,
						Character.toUpperCase(problem.charAt(0)) + problem.substring(1), at);
				changed = true;
			}
		}
		else if (!status.isProblem() && this.reconcileProblem != null && appliedHoldsCommit) {
			this.reconcileProblem = null;
			changed = true;
		}
		return changed;
	}

	private static String shortRevision(String revision) {
		return (revision != null && revision.length() > 12) ? revision.substring(0, 12) : String.valueOf(revision);
	}

	/**
	 * A step after approval failed; the request keeps the reason and the step, and can be
	 * retried. A failure reported after the commit (a re-delivery that could not reach
	 * the repository) does not undo it, and the first failure reported stands.
	 * @return whether the state changed
	 */
	boolean markFailed(String step, String reason, Instant at) {
		if (this.state == RequestState.COMMITTED || this.state == RequestState.FAILED) {
			return false;
		}
		expect(RequestState.APPROVED, "mark failed");
		this.failedStep = step;
		moveTo(RequestState.FAILED, "gitops-writer", null, reason, at);
		return true;
	}

	/**
	 * A platform administrator sends a failed request through its failed step again: it
	 * is approved as before, and its change goes to the writer once more.
	 */
	void retry(Person administrator, String actingClient, Instant at) {
		if (!administrator.hasRole(Role.PLATFORM_ADMIN)) {
			throw new NotPermittedException("missing-role", "Only a platform administrator retries a failed request; "
					+ administrator.getUsername() + " is none");
		}
		expect(RequestState.FAILED, "retry");
		String step = this.failedStep;
		this.failedStep = null;
		moveTo(RequestState.APPROVED, administrator.getUsername(), actingClient, "Retried from step " + step, at);
	}

	/**
	 * The requester, or a platform administrator, withdraws the request before its change
	 * is committed: while it waits for decisions or amendments, while it waits, approved,
	 * for a change window, or after its commit failed. A request whose change is on its
	 * way to the repository is not cancelled: once committed, it is undone by a change of
	 * its own.
	 */
	void cancel(Person person, String actingClient, String reason, Instant at) {
		if (!person.getUsername().equals(this.requestedBy) && !person.hasRole(Role.PLATFORM_ADMIN)) {
			throw new NotPermittedException("not-requester", "Only " + this.requestedBy
					+ ", who requested it, or a platform administrator cancels this request");
		}
		boolean cancellable = this.state.isCancellable(this.heldUntil != null);
		if (this.state == RequestState.APPROVED && !cancellable) {
			throw new RequestConflictException("change-on-its-way",
					"The request is approved and its change is on its way to the repository; "
							+ "once committed, undo it with a change of its own");
		}
		if (!cancellable) {
			throw new RequestConflictException("illegal-transition", "Cannot cancel a request that is " + this.state
					+ ": only a request not yet committed is cancelled");
		}
		this.heldUntil = null;
		this.heldReason = null;
		this.failedStep = null;
		moveTo(RequestState.CANCELLED, person.getUsername(), actingClient,
				(reason != null && !reason.isBlank()) ? "Cancelled: " + reason : "Cancelled", at);
	}

	ApprovalProgress progress(ApprovalPolicy policy) {
		return progress(policy, Map.of());
	}

	/**
	 * The progress of the current approval round: decisions of earlier rounds (before a
	 * REQUEST_CHANGES and its resubmission) count no more.
	 */
	ApprovalProgress progress(ApprovalPolicy policy, Map<String, Set<String>> groupMembers) {
		return new ApprovalProgress(policy, currentRound(), groupMembers);
	}

	List<Decision> currentRound() {
		return this.decisions.stream().filter((decision) -> decision.getRound() == this.approvalRound).toList();
	}

	/**
	 * The requester amends a request an approver sent back and submits it again: with the
	 * new parameters, a new approval round starts at the first stage; the decisions of
	 * the earlier rounds stay on record and count no more.
	 */
	void resubmit(Actor actor, String parametersJson, ApprovalPolicy policy, Instant at) {
		checkResubmit(actor);
		String before = this.parameters;
		this.parameters = parametersJson;
		this.approvalRound++;
		this.remindedStage = null;
		this.remindedAt = null;
		this.audit.add(new AuditEvent(at, "request.resubmitted", subject(), actor.person(), actor.client(), Map.of())
			.with("round", this.approvalRound)
			.with("parametersBefore", before)
			.with("parameters", parametersJson));
		moveTo(RequestState.PENDING_APPROVAL, actor.person(), actor.client(),
				"Resubmitted with changes: approval round " + this.approvalRound + " starts at stage "
						+ progress(policy).currentStage().map(ApprovalStage::name).orElse("approval"),
				at);
	}

	/**
	 * Approved inside a freeze: the change waits, approved, until the freeze ends.
	 */
	void holdForWindow(Instant until, String reason, Instant at) {
		expect(RequestState.APPROVED, "hold for a change window");
		boolean news = !until.equals(this.heldUntil);
		this.heldUntil = until;
		this.heldReason = truncate(reason);
		if (news) {
			note(RequestState.APPROVED, "request.held-for-window", "change window",
					"Approved, waiting for the change window at " + until + " (freeze: " + reason + ")", at);
		}
	}

	/**
	 * The freeze is over: the change goes to the GitOps writer.
	 */
	void releaseFromWindow(Instant at) {
		expect(RequestState.APPROVED, "release from a change window");
		this.heldUntil = null;
		this.heldReason = null;
		note(RequestState.APPROVED, "request.released-from-window", "change window",
				"The change window opened: committing", at);
	}

	/**
	 * Refuses a resubmission by anyone but the requester, or of a request that was not
	 * sent back.
	 */
	void checkResubmit(Actor actor) {
		if (!actor.person().equals(this.requestedBy)) {
			throw new NotPermittedException("not-requester",
					"Only " + this.requestedBy + ", who requested it, amends and resubmits this request");
		}
		expect(RequestState.CHANGES_REQUESTED, "resubmit");
	}

	/**
	 * The gates' results and what the manifests take from the team's quota, as checked at
	 * submission or resubmission.
	 */
	void recordGates(String resultsJson, Instant checkedAt, Footprint footprint) {
		this.gateResults = resultsJson;
		this.gatesCheckedAt = checkedAt;
		this.footprintCpuMillis = footprint.cpuMillis();
		this.footprintMemoryMi = footprint.memoryMi();
		this.footprintStorageGi = footprint.storageGi();
	}

	public String getGateResults() {
		return this.gateResults;
	}

	public Instant getGatesCheckedAt() {
		return this.gatesCheckedAt;
	}

	public Footprint getFootprint() {
		return new Footprint(this.footprintCpuMillis, this.footprintMemoryMi, this.footprintStorageGi);
	}

	public boolean isEmergency() {
		return this.emergency;
	}

	public Instant getHeldUntil() {
		return this.heldUntil;
	}

	public String getHeldReason() {
		return this.heldReason;
	}

	public int getApprovalRound() {
		return this.approvalRound;
	}

	private void expect(RequestState expected, String action) {
		if (this.state != expected) {
			throw new RequestConflictException("illegal-transition",
					"Cannot " + action + " a request that is " + this.state + " (it must be " + expected + ")");
		}
	}

	private static String truncate(String note) {
		return (note != null && note.length() > MAX_NOTE_LENGTH) ? note.substring(0, MAX_NOTE_LENGTH - 1) + "…" : note;
	}

	private void moveTo(RequestState next, String actor, String actingClient, String note, Instant at) {
		note = truncate(note);
		RequestState from = this.state;
		this.state = next;
		this.stateReason = note;
		this.updatedAt = at;
		this.timeline.add(new RequestTimelineEntry(at, next,
				(actingClient != null) ? actor + " via " + actingClient : actor, note));
		this.audit.add(
				new AuditEvent(at, "request.state-changed", subject(), actor, actingClient, Map.of()).with("from", from)
					.with("to", next)
					.with("note", note));
	}

	/**
	 * A step in the timeline that does not change the state.
	 */
	private void note(RequestState state, String action, String actor, String note, Instant at) {
		note = truncate(note);
		this.timeline.add(new RequestTimelineEntry(at, state, actor, note));
		this.audit.add(new AuditEvent(at, action, subject(), actor, null, Map.of()).with("note", note));
	}

	private String subject() {
		return "request/" + this.id;
	}

	/**
	 * What happened to the request since it was loaded, for the audit trail; handed out
	 * once.
	 */
	List<AuditEvent> takeAuditEvents() {
		List<AuditEvent> events = List.copyOf(this.audit);
		this.audit.clear();
		return events;
	}

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostPersist
	@PostLoad
	void stored() {
		this.fresh = false;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	public RequestType getRequestType() {
		return this.requestType;
	}

	public String getCatalogKey() {
		return this.catalogKey;
	}

	public int getCatalogVersion() {
		return this.catalogVersion;
	}

	public String getTeamKey() {
		return this.teamKey;
	}

	public String getEnvironment() {
		return this.environment;
	}

	public String getEnvironmentClass() {
		return this.environmentClass;
	}

	public String getRegion() {
		return this.region;
	}

	String getParametersJson() {
		return this.parameters;
	}

	public Ticket getTicket() {
		return this.ticket;
	}

	public String getRequestedBy() {
		return this.requestedBy;
	}

	public String getSubmittedByPerson() {
		return this.submittedByPerson;
	}

	public String getSubmittedBy() {
		return this.submittedBy;
	}

	public RequestState getState() {
		return this.state;
	}

	public String getStateReason() {
		return this.stateReason;
	}

	public String getFailedStep() {
		return this.failedStep;
	}

	public String getCommitSha() {
		return this.commitSha;
	}

	public String getCommitPath() {
		return this.commitPath;
	}

	public String getSyncedRevision() {
		return this.syncedRevision;
	}

	public String getReconcileProblem() {
		return this.reconcileProblem;
	}

	public String getDelayReason() {
		return this.delayReason;
	}

	public Integer getDelayAttempts() {
		return this.delayAttempts;
	}

	public String getRemindedStage() {
		return this.remindedStage;
	}

	public Instant getRemindedAt() {
		return this.remindedAt;
	}

	public Instant getNextAttemptAt() {
		return this.nextAttemptAt;
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

	public List<Decision> getDecisions() {
		return Collections.unmodifiableList(this.decisions);
	}

	public List<RequestTimelineEntry> getTimeline() {
		return Collections.unmodifiableList(this.timeline);
	}

}
