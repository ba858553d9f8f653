package health.haven.provisioning.request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Limit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.StaleVersionException;
import health.haven.provisioning.approval.ChangeWindows;
import health.haven.provisioning.approval.Decision;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.audit.AuditFilter;
import health.haven.provisioning.audit.AuditRecord;
import health.haven.provisioning.audit.AuditTrail;
import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.CatalogItem;
import health.haven.provisioning.gate.Footprint;
import health.haven.provisioning.gate.GateOutcome;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.GateResult;
import health.haven.provisioning.gate.GateSubject;
import health.haven.provisioning.gate.GatesFailedException;
import health.haven.provisioning.gate.Manifests;
import health.haven.provisioning.gate.PolicyGates;
import health.haven.provisioning.environment.Environment;
import health.haven.provisioning.environment.EnvironmentChange;
import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.environment.GitOpsController;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.environment.ReconcileObserved;
import health.haven.provisioning.environment.RevisionHistory;
import health.haven.provisioning.environment.Visibility;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * Submitting, deciding on and reading environment requests. The one way into the request
 * state machine for the API and the pages alike; approval publishes
 * {@link RequestApproved} in the same transaction.
 */
@Service
@Transactional
public class EnvironmentRequests implements GatesBeforeCommit {

	static final int MAX_COMMENT_LENGTH = 2000;

	// the states of a request not yet done with: one at a time per environment
	private static final Set<RequestState> OPEN = Arrays.stream(RequestState.values())
		.filter(RequestState::isOpen)
		.collect(Collectors.toUnmodifiableSet());

	// the states of a request whose environment takes from its team's quota
	private static final Set<RequestState> COUNTED = Set.of(RequestState.SUBMITTED, RequestState.PENDING_APPROVAL,
			RequestState.CHANGES_REQUESTED, RequestState.APPROVED, RequestState.COMMITTED, RequestState.COMPLETED);

	// sorts after every request: where the first page starts
	private static final RequestPage.Position BEFORE_ALL = new RequestPage.Position(
			Instant.parse("9999-12-31T23:59:59Z"), new UUID(-1L, -1L));

	private final EnvironmentRequestRepository requests;

	private final RequestValidation validation;

	private final RequestViews views;

	private final People people;

	private final ApplicationEventPublisher events;

	private final Environments environments;

	private final RevisionHistory history;

	private final AuditTrail trail;

	private final ApprovalGroups groups;

	private final ChangeWindows windows;

	private final ObjectProvider<ChangePreview> previews;

	private final PolicyGates gates;

	private final Catalog catalog;

	private final Clock clock;

	EnvironmentRequests(EnvironmentRequestRepository requests, RequestValidation validation, RequestViews views,
			People people, ApplicationEventPublisher events, Environments environments, RevisionHistory history,
			AuditTrail trail, ApprovalGroups groups, ChangeWindows windows, ObjectProvider<ChangePreview> previews,
			PolicyGates gates, Catalog catalog, Clock clock) {
		this.catalog = catalog;
		this.previews = previews;
		this.gates = gates;
		this.trail = trail;
		this.groups = groups;
		this.windows = windows;
		this.requests = requests;
		this.validation = validation;
		this.views = views;
		this.people = people;
		this.events = events;
		this.environments = environments;
		this.history = history;
		this.clock = clock;
	}

	/**
	 * Submits a request for a new environment and runs its approval policy: approved at
	 * once where the policy is automatic, waiting for approvers otherwise.
	 */
	public RequestView submit(CreateEnvironment command, Actor actor) {
		return submit(command, actor, null);
	}

	/**
	 * Submits a request for a new environment that the acting person raises for someone
	 * else (a service desk agent for a requester): the request is the requester's, and
	 * neither of them decides on it.
	 * @param requestedFor the person it is for, or {@code null} for the acting person
	 */
	public RequestView submit(CreateEnvironment command, Actor actor, String requestedFor) {
		Person requester = actingPerson(actor);
		RequestValidation.Validated valid = this.validation.check(command);
		if (!requester.mayRequestFor(command.team())) {
			throw new NotPermittedException("not-team-member",
					requester.getUsername() + " may not request environments for team " + command.team());
		}
		checkRequestedFor(requestedFor, command.team());
		if (this.requests.holdsEnvironment(command.team(), command.environment())) {
			throw environmentExists(command);
		}
		CatalogItem item = valid.item();
		if (command.emergency() && item.definition().emergencyPolicy(command.environmentClass()).isEmpty()) {
			throw InvalidRequestException.of("emergency", item.key() + " offers no emergency changes of "
					+ command.environmentClass() + " environments: submit it without the emergency flag");
		}
		EnvironmentRequest request = new EnvironmentRequest(UUID.randomUUID(), RequestType.CREATE, item.key(),
				item.version(), command.team(), command.environment(), command.environmentClass(), command.region(),
				RequestViews.toJson(valid.parameters()), command.ticket(), command.emergency(), actor, requestedFor,
				this.clock.instant());
		// two submissions of the same environment at the same moment: the unique index
		// decides
		return start(request, item, () -> environmentExists(command));
	}

	/**
	 * Runs the gates on a new request and starts its approval policy: approved at once
	 * where the policy is automatic (and on its way to the writer), waiting for approvers
	 * otherwise.
	 * @param twin the conflict to report when a unique index refuses the request (another
	 * submitted at the same moment)
	 */
	private RequestView start(EnvironmentRequest request, CatalogItem item, Supplier<RequestConflictException> twin) {
		passGates(request, item);
		ApprovalPolicy policy = policyOf(item, request);
		if (policy.automatic()) {
			request.approveByPolicy(policy, this.clock.instant());
		}
		else {
			request.awaitApproval(policy, this.clock.instant());
		}
		try {
			this.requests.saveAndFlush(request);
		}
		catch (DataIntegrityViolationException ex) {
			throw twin.get();
		}
		audit(request);
		if (request.getState() == RequestState.APPROVED) {
			dispatch(request, item);
		}
		return this.views.view(request);
	}

	/**
	 * Submits a day-2 request on an environment that exists: new parameters (UPDATE) or
	 * its removal (DECOMMISSION), rendered, gated and approved like a CREATE, under the
	 * change type's policy where the item gives one. One change at a time: while another
	 * request of the environment is open, it is refused.
	 */
	public RequestView submitChange(ChangeEnvironment command, Actor actor) {
		return submitChange(command, actor, null);
	}

	/**
	 * Submits a day-2 request that the acting person raises for someone else: see
	 * {@link #submit(CreateEnvironment, Actor, String)}.
	 */
	public RequestView submitChange(ChangeEnvironment command, Actor actor, String requestedFor) {
		Person requester = actingPerson(actor);
		if (command.type() == null || command.type() == RequestType.CREATE) {
			throw InvalidRequestException.of("type", "A change of an existing environment is UPDATE or DECOMMISSION");
		}
		Environment environment = (command.team() != null && command.environment() != null)
				? this.environments.find(command.team(), command.environment())
					.filter((found) -> Visibility.of(requester).sees(found.getTeamKey()))
					.orElse(null)
				: null;
		if (environment == null) {
			throw InvalidRequestException.of("environment", "There is no environment " + command.team() + "/"
					+ command.environment() + " (a change needs one that exists; CREATE makes a new one)");
		}
		if (!requester.mayRequestFor(command.team())) {
			throw new NotPermittedException("not-team-member",
					requester.getUsername() + " may not request changes for team " + command.team());
		}
		checkRequestedFor(requestedFor, command.team());
		if (environment.getStatus() == LiveStatus.DECOMMISSIONED) {
			throw new RequestConflictException("environment-decommissioned", "Environment " + command.team() + "/"
					+ command.environment() + " is decommissioned; nothing changes it any more");
		}
		CatalogItem item = this.catalog.latest(environment.getCatalogKey()).orElseThrow();
		List<FieldProblem> problems = new ArrayList<>();
		same("catalogItem", command.catalogItem(), environment.getCatalogKey(), problems);
		same("environmentClass", command.environmentClass(), environment.getEnvironmentClass(), problems);
		same("region", command.region(), environment.getRegion(), problems);
		Map<String, Object> inForce = RequestViews.fromJson(environment.getParametersJson());
		Map<String, Object> parameters = new TreeMap<>(inForce);
		if (command.type() == RequestType.DECOMMISSION) {
			if (command.parameters() != null && !command.parameters().isEmpty()) {
				problems.add(new FieldProblem("parameters", "A decommission takes no parameters"));
			}
		}
		else if (command.parameters() == null || command.parameters().isEmpty()) {
			problems.add(new FieldProblem("parameters", "Name the parameters that change"));
		}
		else {
			// named with no value (JSON null): no longer set, so the catalog's default,
			// if it has one, applies again
			command.parameters().forEach((name, value) -> {
				if (value == null) {
					parameters.remove(name);
				}
				else {
					parameters.put(name, value);
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		RequestValidation.Validated valid = this.validation.check(
				new CreateEnvironment(item.key(), command.environment(), command.team(),
						environment.getEnvironmentClass(), environment.getRegion(), parameters, command.ticket()),
				item);
		// compared as stored: a number typed into a page's field (a long) and the same
		// number read back from the stored JSON (an int) are one value
		if (command.type() == RequestType.UPDATE
				&& RequestViews.fromJson(RequestViews.toJson(valid.parameters())).equals(inForce)
				&& item.version() == environment.getCatalogVersion()) {
			throw InvalidRequestException.of("parameters",
					"These are the parameters in force already: nothing " + "would change");
		}
		if (command.emergency() && item.definition().emergencyPolicy(environment.getEnvironmentClass()).isEmpty()) {
			throw InvalidRequestException.of("emergency", item.key() + " offers no emergency changes of "
					+ environment.getEnvironmentClass() + " environments: submit it without the emergency flag");
		}
		if (this.requests.existsByTeamKeyAndEnvironmentAndStateIn(command.team(), command.environment(), OPEN)) {
			throw environmentBusy(command);
		}
		EnvironmentRequest request = new EnvironmentRequest(UUID.randomUUID(), command.type(), item.key(),
				item.version(), command.team(), command.environment(), environment.getEnvironmentClass(),
				environment.getRegion(), RequestViews.toJson(valid.parameters()), command.ticket(), command.emergency(),
				actor, requestedFor, this.clock.instant());
		// two changes of the environment submitted at the same moment: the index decides
		return start(request, item, () -> environmentBusy(command));
	}

	private static RequestConflictException environmentBusy(ChangeEnvironment command) {
		return new RequestConflictException("environment-busy", "Environment " + command.team() + "/"
				+ command.environment() + " has a request open; wait for it, or cancel it, before the next change");
	}

	/**
	 * The person a request is raised for must be one who may request it.
	 */
	private void checkRequestedFor(String requestedFor, String team) {
		if (requestedFor == null) {
			return;
		}
		Person person = this.people.find(requestedFor)
			.filter(Person::isActive)
			.orElseThrow(() -> InvalidRequestException.of("requestedFor",
					"There is no active person named '" + requestedFor + "'"));
		if (!person.mayRequestFor(team)) {
			throw InvalidRequestException.of("requestedFor",
					requestedFor + " may not request environments for team " + team);
		}
	}

	private static void same(String field, String given, String actual, List<FieldProblem> problems) {
		if (given != null && !given.equals(actual)) {
			problems.add(new FieldProblem(field, "The environment's " + field + " is " + actual
					+ "; a change keeps it (leave it out, or name the same)"));
		}
	}

	/**
	 * Checks a request as {@link #submit} would, without storing anything.
	 * @throws InvalidRequestException naming every invalid field
	 */
	@Transactional(readOnly = true)
	public void check(CreateEnvironment command) {
		this.validation.check(command);
	}

	/**
	 * Records an approver's decision. Nobody decides on their own request, one person
	 * counts once, and only the role the current stage names may decide.
	 */
	public RequestView decide(UUID id, Decide decide, Actor actor) {
		return decide(id, decide, actor, null);
	}

	/**
	 * Records an approver's decision on the version of the request they read.
	 * @param expectedVersion the version the decision was made on ({@code If-Match}), or
	 * {@code null} for the current one
	 * @throws StaleVersionException when the request changed since
	 */
	public RequestView decide(UUID id, Decide decide, Actor actor, Long expectedVersion) {
		checkDecision(decide);
		// decisions on one request take turns: the second sees the first
		EnvironmentRequest request = this.requests.findForDecision(id)
			.orElseThrow(() -> new RequestNotFoundException(id));
		Person approver = visibleTo(actor, request);
		StaleVersionException.check("Request " + id, expectedVersion, request.getVersion());
		CatalogItem item = this.views.pinnedItem(request);
		ApprovalPolicy policy = policyOf(request);
		boolean approved = request.decide(approver, decide, actor.client(), policy, this.groups.of(policy, request),
				this.clock.instant());
		try {
			this.requests.saveAndFlush(request);
		}
		catch (ObjectOptimisticLockingFailureException ex) {
			throw new RequestConflictException("concurrent-change",
					"The request changed while the decision was made; read it again and decide anew");
		}
		catch (DataIntegrityViolationException ex) {
			throw new RequestConflictException("already-decided",
					approver.getUsername() + " has already decided on this request; one person counts once");
		}
		audit(request);
		if (approved) {
			dispatch(request, item);
		}
		return this.views.view(request);
	}

	/**
	 * The requester amends a request an approver sent back (REQUEST_CHANGES) with new
	 * parameters, checked as at submission, and submits it again: a new approval round
	 * starts at the first stage.
	 */
	public RequestView resubmit(UUID id, Map<String, Object> parameters, Actor actor) {
		return resubmit(id, parameters, actor, null);
	}

	/**
	 * Amends and resubmits the version of the request the requester read: see
	 * {@link #resubmit(UUID, Map, Actor)}.
	 * @throws StaleVersionException when the request changed since
	 */
	public RequestView resubmit(UUID id, Map<String, Object> parameters, Actor actor, Long expectedVersion) {
		EnvironmentRequest request = this.requests.findForDecision(id)
			.orElseThrow(() -> new RequestNotFoundException(id));
		visibleTo(actor, request);
		StaleVersionException.check("Request " + id, expectedVersion, request.getVersion());
		// who and when first: a bad parameter is no news to someone who may not resubmit
		request.checkResubmit(actor);
		// checked against the catalog version (and so the policy) the request started
		// under
		RequestValidation.Validated valid = this.validation.check(
				new CreateEnvironment(request.getCatalogKey(), request.getEnvironment(), request.getTeamKey(),
						request.getEnvironmentClass(), request.getRegion(), parameters, request.getTicket()),
				this.views.pinnedItem(request));
		request.resubmit(actor, RequestViews.toJson(valid.parameters()), policyOf(request), this.clock.instant());
		// a failing gate rolls the resubmission back: the request stays sent back
		passGates(request, valid.item());
		this.requests.saveAndFlush(request);
		audit(request);
		return this.views.view(request);
	}

	/**
	 * A dry run of {@link #submit}: the same checks, in the same order, and the policy
	 * gates, then what the request would write into the GitOps repository and the diff
	 * against what it holds now. Nothing is stored, nothing committed.
	 * @throws InvalidRequestException as submit would
	 * @throws NotPermittedException as submit would
	 * @throws RequestConflictException as submit would
	 */
	@Transactional(readOnly = true)
	public DryRun dryRun(CreateEnvironment command, Actor actor) {
		Person requester = actingPerson(actor);
		RequestValidation.Validated valid = this.validation.check(command);
		if (!requester.mayRequestFor(command.team())) {
			throw new NotPermittedException("not-team-member",
					requester.getUsername() + " may not request environments for team " + command.team());
		}
		if (this.requests.holdsEnvironment(command.team(), command.environment())) {
			throw environmentExists(command);
		}
		CatalogItem item = valid.item();
		EnvironmentRequest request = new EnvironmentRequest(UUID.randomUUID(), RequestType.CREATE, item.key(),
				item.version(), command.team(), command.environment(), command.environmentClass(), command.region(),
				RequestViews.toJson(valid.parameters()), command.ticket(), command.emergency(), actor,
				this.clock.instant());
		GateReport report = gates(request, item).report();
		ChangePreview preview = this.previews.getIfAvailable();
		ChangePreview.Preview change = (preview != null) ? preview.preview(approved(request, item)) : null;
		ApprovalPolicy policy = policyOf(item, request);
		return new DryRun(item.key(), item.version(), valid.parameters(), policy.name(),
				policy.automatic() ? List.of() : policy.stages(), report, change);
	}

	/**
	 * What a request would do, without it being made.
	 *
	 * @param parameters the parameters in force, defaults filled in
	 * @param stages the approval stages it would wait for, in order; none where its
	 * policy approves it automatically
	 * @param change the rendered manifests and the diff, or {@code null} where no GitOps
	 * writer runs in this portal
	 */
	public record DryRun(String catalogItem, int catalogVersion, Map<String, Object> parameters, String approvalPolicy,
			List<ApprovalStage> stages, GateReport gates, ChangePreview.Preview change) {
	}

	/**
	 * The policy gates again, just before the commit, on the manifests the writer
	 * rendered: the team's quota may have filled up since the submission, the catalog's
	 * settings may have changed.
	 */
	@Override
	@Transactional(readOnly = true)
	public GateReport check(RequestApproved approved, Manifests manifests) {
		return this.gates.check(
				GatesBeforeCommit.subject(approved, manifests, usageOfOthers(approved.team(), approved.environment())));
	}

	/**
	 * Runs the gates on a request about to be stored and keeps their results with it.
	 * @throws GatesFailedException when one fails: nothing is stored
	 */
	private void passGates(EnvironmentRequest request, CatalogItem item) {
		Gated gated = gates(request, item);
		if (!gated.report().passed()) {
			throw new GatesFailedException(gated.report());
		}
		request.recordGates(RequestViews.toJson(gated.report()), gated.report().checkedAt(), gated.footprint());
	}

	private Gated gates(EnvironmentRequest request, CatalogItem item) {
		RequestApproved change = approved(request, item);
		ChangePreview preview = this.previews.getIfAvailable();
		ChangePreview.Preview rendered = (preview != null && request.getRequestType() != RequestType.DECOMMISSION)
				? preview.render(change) : null;
		Manifests manifests = (rendered != null && !rendered.files().isEmpty()) ? rendered.manifests() : null;
		GateReport report = this.gates.check(new GateSubject(item.key() + "@" + item.version(), request.getTeamKey(),
				request.getEnvironment(), request.getEnvironmentClass(), item.definition().template().settings(),
				RequestViews.parameters(request), manifests,
				usageOfOthers(request.getTeamKey(), request.getEnvironment()),
				request.getRequestType() == RequestType.DECOMMISSION));
		if (rendered != null && rendered.problem() != null) {
			// the platform's schemas or templates, not the request, are at fault: the
			// writer fails the request at its render step, and it is retried once fixed
			report = new GateReport(report.results()
				.stream()
				.map((result) -> (result.gate().equals(PolicyGates.CONFIGURATION)
						&& result.outcome() == GateOutcome.PASS)
								? new GateResult(result.gate(), GateOutcome.WARN,
										"The manifests cannot be checked now (" + rendered.problem()
												+ "); the writer checks them again before the commit")
								: result)
				.toList(), report.checkedAt());
		}
		return new Gated(report, (manifests != null) ? PolicyGates.footprint(manifests) : Footprint.NONE);
	}

	private record Gated(GateReport report, Footprint footprint) {
	}

	/**
	 * What the team's other environments take: for each, its newest request that is not
	 * over (refused, withdrawn, expired or failed) counts, unless it removes the
	 * environment.
	 */
	private GateSubject.TeamUsage usageOfOthers(String team, String environment) {
		int environments = 0;
		Footprint footprint = Footprint.NONE;
		for (EnvironmentRequestRepository.Footprinted newest : this.requests.newestPerEnvironment(team, environment,
				COUNTED.stream().map(Enum::name).toList())) {
			if (!RequestType.DECOMMISSION.name().equals(newest.getType())) {
				environments++;
				footprint = footprint
					.plus(new Footprint(newest.getCpuMillis(), newest.getMemoryMi(), newest.getStorageGi()));
			}
		}
		return new GateSubject.TeamUsage(environments, footprint);
	}

	/**
	 * What the request would write into the GitOps repository if it were approved now:
	 * its rendered manifests and the diff against what the repository holds, for the
	 * people who decide. Empty where no GitOps writer runs in this portal.
	 */
	@Transactional(readOnly = true)
	public Optional<ChangePreview.Preview> preview(UUID id) {
		ChangePreview preview = this.previews.getIfAvailable();
		if (preview == null) {
			return Optional.empty();
		}
		EnvironmentRequest request = this.requests.findById(id).orElseThrow(() -> new RequestNotFoundException(id));
		return Optional.of(preview.preview(approved(request, this.views.pinnedItem(request))));
	}

	/**
	 * Runs the approval timers now: see {@link #runApprovalTimers(Instant)}.
	 */
	public TimerReport runApprovalTimers() {
		return runApprovalTimers(this.clock.instant());
	}

	/**
	 * Expires every request that waited its policy's {@code expireAfter} for decisions,
	 * and reminds the deciders of every stage that waited its policy's
	 * {@code remindAfter} (once per stage). Each request is locked as a decision locks
	 * it, so a timer and a decision never cross.
	 */
	public TimerReport runApprovalTimers(Instant now) {
		int reminded = 0;
		int expired = 0;
		for (EnvironmentRequest pending : this.requests.findByStateOrderByCreatedAt(RequestState.PENDING_APPROVAL)) {
			EnvironmentRequest request = this.requests.findForDecision(pending.getId()).orElseThrow();
			ApprovalPolicy policy = policyOf(request);
			Map<String, Set<String>> members = this.groups.of(policy, request);
			if (request.expire(policy, members, now)) {
				expired++;
			}
			else {
				Optional<ApprovalStage> stage = request.remind(policy, members, now);
				if (stage.isPresent()) {
					reminded++;
					this.events.publishEvent(new ApprovalReminderDue(request.getId(), request.getTeamKey(),
							request.getEnvironment(), stage.get().name(), stage.get().deciders(),
							request.stageWaitingSince(request.progress(policy, members)), now));
				}
			}
			audit(request);
		}
		int released = 0;
		for (EnvironmentRequest held : this.requests.findByStateAndHeldUntilLessThanEqual(RequestState.APPROVED, now)) {
			EnvironmentRequest request = this.requests.findForDecision(held.getId()).orElseThrow();
			dispatch(request, this.views.pinnedItem(request), now);
			if (request.getHeldUntil() == null) {
				released++;
			}
		}
		return new TimerReport(reminded, expired, released);
	}

	/**
	 * What one run of the approval timers did.
	 *
	 * @param released approved requests whose change window opened: gone to the writer
	 */
	public record TimerReport(int reminded, int expired, int released) {
	}

	/**
	 * Sends a failed request through its failed step again, for a platform administrator:
	 * its approval is delivered to the writer once more.
	 */
	public RequestView retry(UUID id, Actor actor) {
		return retry(id, actor, null);
	}

	/**
	 * Retries the version of a failed request the administrator read: see
	 * {@link #retry(UUID, Actor)}.
	 * @throws StaleVersionException when the request changed since
	 */
	public RequestView retry(UUID id, Actor actor, Long expectedVersion) {
		EnvironmentRequest request = this.requests.findForDecision(id)
			.orElseThrow(() -> new RequestNotFoundException(id));
		Person administrator = visibleTo(actor, request);
		StaleVersionException.check("Request " + id, expectedVersion, request.getVersion());
		request.retry(administrator, actor.client(), this.clock.instant());
		try {
			this.requests.saveAndFlush(request);
		}
		catch (ObjectOptimisticLockingFailureException ex) {
			throw new RequestConflictException("concurrent-change",
					"The request changed while it was retried; read it again");
		}
		catch (DataIntegrityViolationException ex) {
			throw new RequestConflictException("environment-busy", "Environment " + request.getTeamKey() + "/"
					+ request.getEnvironment() + " has another request open; it goes first");
		}
		audit(request);
		dispatch(request, this.views.pinnedItem(request));
		return this.views.view(request);
	}

	/**
	 * The requester or a platform administrator withdraws a request not yet committed;
	 * see {@link EnvironmentRequest#cancel}.
	 * @param expectedVersion the version the decision to cancel was made on
	 * ({@code If-Match}), or {@code null} for the current one
	 */
	public RequestView cancel(UUID id, String reason, Actor actor, Long expectedVersion) {
		if (reason != null && reason.length() > MAX_COMMENT_LENGTH) {
			throw InvalidRequestException.of("reason",
					"The reason must be at most " + MAX_COMMENT_LENGTH + " characters long");
		}
		EnvironmentRequest request = this.requests.findForDecision(id)
			.orElseThrow(() -> new RequestNotFoundException(id));
		Person person = visibleTo(actor, request);
		StaleVersionException.check("Request " + id, expectedVersion, request.getVersion());
		request.cancel(person, actor.client(), reason, this.clock.instant());
		this.requests.saveAndFlush(request);
		audit(request);
		return this.views.view(request);
	}

	/**
	 * The evidence record of a request: what was asked, who decided, what was committed
	 * and applied, and the request's rows of the audit trail, read in one snapshot.
	 */
	@Transactional(readOnly = true)
	public RequestEvidence evidence(UUID id) {
		EnvironmentRequest request = this.requests.findById(id).orElseThrow(() -> new RequestNotFoundException(id));
		RequestView view = this.views.view(request);
		EnvironmentView.LiveView live = (request.getCommitSha() != null) ? this.environments
			.summary(new EnvironmentKey(request.getTeamKey(), request.getEnvironment()), Visibility.everything())
			.map(EnvironmentView::live)
			.orElse(null) : null;
		List<AuditRecord> audit = new ArrayList<>();
		this.trail.each(new AuditFilter("request/" + id, null, null, null), audit::add);
		return new RequestEvidence(view, live, audit, this.trail.verify(), this.clock.instant());
	}

	@Transactional(readOnly = true)
	public RequestView get(UUID id) {
		return this.views.view(this.requests.findById(id).orElseThrow(() -> new RequestNotFoundException(id)));
	}

	/**
	 * One request, if the person may see it: their own teams' requests, or every request
	 * for approvers, reviewers, administrators and auditors. Others get "not found",
	 * which does not reveal it exists.
	 */
	@Transactional(readOnly = true)
	public RequestView get(UUID id, String username) {
		Person viewer = this.people.find(username).orElseThrow(() -> new RequestNotFoundException(id));
		return get(id, Visibility.of(viewer));
	}

	/**
	 * One request, if it belongs to a team the viewer sees; "not found" otherwise, which
	 * does not reveal it exists.
	 */
	@Transactional(readOnly = true)
	public RequestView get(UUID id, Visibility visibility) {
		return this.views.view(this.requests.findById(id)
			.filter((found) -> visibility.sees(found.getTeamKey()))
			.orElseThrow(() -> new RequestNotFoundException(id)));
	}

	/**
	 * A page of the requests the viewer sees that match the filter, newest first, after
	 * the given position ({@code null} for the first page).
	 */
	@Transactional(readOnly = true)
	public RequestPage list(RequestFilter filter, RequestPage.Position after, int limit, Visibility visibility) {
		RequestPage.Position from = (after != null) ? after : BEFORE_ALL;
		List<EnvironmentRequest> found = this.requests.page(from.createdAt(), from.id(), filter.state(), filter.team(),
				filter.environment(), filter.ticket(), filter.requestedBy(), visibility.everyTeam(),
				visibility.teams().isEmpty() ? Set.of("") : visibility.teams(), Limit.of(limit + 1));
		boolean more = found.size() > limit;
		List<EnvironmentRequest> items = found.stream().limit(limit).toList();
		EnvironmentRequest last = more ? items.get(items.size() - 1) : null;
		return new RequestPage(items.stream().map(this.views::view).toList(),
				(last != null) ? new RequestPage.Position(last.getCreatedAt(), last.getId()) : null);
	}

	/**
	 * The requests of the teams a person belongs to, newest first.
	 */
	@Transactional(readOnly = true)
	public List<RequestView> ofTeamsOf(String username) {
		Person person = this.people.find(username).orElseThrow();
		return this.requests.findByTeamKeyInOrderByCreatedAtDesc(person.getTeams())
			.stream()
			.map(this.views::view)
			.toList();
	}

	/**
	 * The requests that shaped an environment, newest first, for those who may see it.
	 */
	@Transactional(readOnly = true)
	public List<RequestView> ofEnvironment(String team, String environment) {
		return this.requests.findByTeamKeyAndEnvironmentOrderByCreatedAtDesc(team, environment)
			.stream()
			.map(this.views::view)
			.toList();
	}

	/**
	 * Every request, newest first, for those who see all teams and for ticketing systems.
	 */
	@Transactional(readOnly = true)
	public List<RequestView> all() {
		return this.requests.findAllByOrderByCreatedAtDesc().stream().map(this.views::view).toList();
	}

	/**
	 * The requests waiting for a decision this person may make: the current stage asks
	 * for a role they have, they did not request it, and they have not decided on it yet.
	 * Oldest first.
	 */
	@Transactional(readOnly = true)
	public List<RequestView> awaitingDecisionBy(String username) {
		Person person = this.people.find(username).orElseThrow();
		return this.requests.findByStateOrderByCreatedAt(RequestState.PENDING_APPROVAL).stream().filter((request) -> {
			ApprovalPolicy policy = policyOf(request);
			return request.awaitsDecisionBy(person, policy, this.groups.of(policy, request));
		}).map(this.views::view).toList();
	}

	/**
	 * The request's change is in the repository: the request is committed, its
	 * environment takes the change, and if the controller reports the environment healthy
	 * at a revision that holds the commit already (it may report before this is heard),
	 * the request is done.
	 */
	void recordCommit(ManifestsCommitted committed) {
		EnvironmentRequest request = this.requests.findById(committed.requestId())
			.orElseThrow(() -> new RequestNotFoundException(committed.requestId()));
		if (!request.markCommitted(committed.commitSha(), committed.path(), this.clock.instant())) {
			return;
		}
		CatalogItem item = this.views.pinnedItem(request);
		if (request.getRequestType() == RequestType.DECOMMISSION) {
			this.environments.decommission(request.getTeamKey(), request.getEnvironment(), committed.commitSha());
			request.completeRemoval(this.clock.instant());
			audit(request);
			return;
		}
		this.environments.take(new EnvironmentChange(request.getTeamKey(), request.getEnvironment(), item.key(),
				item.version(), item.definition().tier(), request.getEnvironmentClass(), request.getRegion(),
				request.getParametersJson(), committed.path(), committed.commitSha(), committed.placement(),
				committed.watched()));
		this.environments.find(request.getTeamKey(), request.getEnvironment())
			.filter((environment) -> environment.getStatus() == LiveStatus.HEALTHY)
			.filter((environment) -> this.history.contains(environment.getAppliedRevision(), committed.commitSha()))
			.ifPresent((environment) -> request.observe(LiveStatus.HEALTHY, controllerName(environment.getController()),
					environment.getAppliedRevision(), true, true, null, this.clock.instant()));
		audit(request);
	}

	/**
	 * What the controller reported about an environment, for each of its committed
	 * requests: synced, done, or a problem to show.
	 */
	void recordObservation(ReconcileObserved observed) {
		for (EnvironmentRequest request : this.requests.findByTeamKeyAndEnvironmentAndState(observed.team(),
				observed.environment(), RequestState.COMMITTED)) {
			boolean applied = this.history.contains(observed.appliedRevision(), request.getCommitSha());
			boolean attempted = this.history.contains(observed.attemptedRevision(), request.getCommitSha());
			request.observe(observed.status(), controllerName(observed.controller()), observed.appliedRevision(),
					applied, attempted, observed.message(), this.clock.instant());
			audit(request);
		}
	}

	private static String controllerName(GitOpsController controller) {
		return (controller != null) ? controller.displayName() : "the GitOps controller";
	}

	void recordCommitFailure(ManifestCommitFailed failed) {
		EnvironmentRequest request = this.requests.findById(failed.requestId())
			.orElseThrow(() -> new RequestNotFoundException(failed.requestId()));
		request.markFailed(failed.step(), failed.reason(), this.clock.instant());
		audit(request);
	}

	void recordCommitDelay(ManifestCommitDelayed delayed) {
		EnvironmentRequest request = this.requests.findById(delayed.requestId())
			.orElseThrow(() -> new RequestNotFoundException(delayed.requestId()));
		request.noteDelay(delayed.reason(), delayed.attempts(), delayed.nextAttemptAt(), this.clock.instant());
		audit(request);
	}

	/**
	 * Hands what happened to the request to the audit trail, which records it in this
	 * transaction.
	 */
	private void audit(EnvironmentRequest request) {
		request.takeAuditEvents().forEach(this.events::publishEvent);
	}

	private ApprovalPolicy policyOf(EnvironmentRequest request) {
		return policyOf(this.views.pinnedItem(request), request);
	}

	/**
	 * The policy the request is decided under: the item's emergency policy for an
	 * emergency change, its policy for the class otherwise.
	 */
	static ApprovalPolicy policyOf(CatalogItem item, EnvironmentRequest request) {
		return request.isEmergency() ? item.definition().emergencyPolicy(request.getEnvironmentClass()).orElseThrow()
				: item.definition().approvalPolicy(request.getEnvironmentClass(), request.getRequestType().name());
	}

	/**
	 * An approved request goes to the GitOps writer, unless a change window holds it: it
	 * waits, approved, until the freeze ends (an emergency change does not wait).
	 */
	private void dispatch(EnvironmentRequest request, CatalogItem item) {
		dispatch(request, item, this.clock.instant());
	}

	private void dispatch(EnvironmentRequest request, CatalogItem item, Instant now) {
		Optional<ChangeWindows.Freeze> freeze = request.isEmergency() ? Optional.empty()
				: this.windows.frozenAt(request.getEnvironmentClass(), now);
		if (freeze.isPresent()) {
			request.holdForWindow(freeze.get().until(), freeze.get().reason(), now);
			audit(request);
			return;
		}
		if (request.getHeldUntil() != null) {
			request.releaseFromWindow(now);
			audit(request);
		}
		this.events.publishEvent(approved(request, item));
	}

	/**
	 * The acting person, if they may see the request's team; to everyone else the request
	 * does not exist.
	 */
	private Person visibleTo(Actor actor, EnvironmentRequest request) {
		Person person = actingPerson(actor);
		if (!Visibility.of(person).sees(request.getTeamKey())) {
			throw new RequestNotFoundException(request.getId());
		}
		return person;
	}

	private Person actingPerson(Actor actor) {
		return this.people.find(actor.person())
			.filter(Person::isActive)
			.orElseThrow(() -> InvalidRequestException.of("onBehalfOf",
					"There is no active person named '" + actor.person() + "'"));
	}

	private static void checkDecision(Decide decide) {
		if (decide.decision() == null) {
			throw InvalidRequestException.of("decision", "The decision must be APPROVE, REJECT or REQUEST_CHANGES");
		}
		if (decide.decision() == DecisionKind.REJECT && (decide.comment() == null || decide.comment().isBlank())) {
			throw InvalidRequestException.of("comment", "A rejection needs a reason in the comment");
		}
		if (decide.decision() == DecisionKind.REQUEST_CHANGES
				&& (decide.comment() == null || decide.comment().isBlank())) {
			throw InvalidRequestException.of("comment",
					"Say in the comment what the requester should change: they amend and resubmit");
		}
		if (decide.comment() != null && decide.comment().length() > MAX_COMMENT_LENGTH) {
			throw InvalidRequestException.of("comment",
					"The comment must be at most " + MAX_COMMENT_LENGTH + " characters long");
		}
	}

	private static RequestConflictException environmentExists(CreateEnvironment command) {
		return new RequestConflictException("environment-exists",
				"Environment " + command.team() + "/" + command.environment()
						+ " exists or is requested already, or another whose team and name join to the same "
						+ command.team() + "-" + command.environment());
	}

	private static RequestApproved approved(EnvironmentRequest request, CatalogItem item) {
		// the approvals of the round that approved it: earlier rounds were sent back
		List<String> approvedBy = request.currentRound()
			.stream()
			.filter((decision) -> decision.getDecision() == DecisionKind.APPROVE)
			.map(Decision::attribution)
			.toList();
		return new RequestApproved(request.getId(), request.getRequestType(), item.key(), item.version(),
				item.definition().template().id(), item.definition().template().settings(), item.definition().tier(),
				request.getTeamKey(), request.getEnvironment(), request.getEnvironmentClass(), request.getRegion(),
				RequestViews.parameters(request), request.getTicket(), request.getRequestedBy(),
				request.getSubmittedBy(), approvedBy, request.getUpdatedAt());
	}

}
