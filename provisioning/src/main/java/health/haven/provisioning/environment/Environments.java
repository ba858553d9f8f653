package health.haven.provisioning.environment;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.StaleVersionException;

import health.haven.provisioning.audit.AuditEvent;
import health.haven.provisioning.environment.EnvironmentActionRefusedException.Refusal;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * The environments: taking committed changes, recording what their GitOps controllers
 * report, and reading them within what the reader may see.
 */
@Service
@Transactional
public class Environments {

	static final int HISTORY_SHOWN = 50;

	private static final Logger logger = LoggerFactory.getLogger(Environments.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
	};

	private final EnvironmentRepository environments;

	private final EnvironmentObservationRepository observations;

	static final int MAX_COMMENT_LENGTH = 2000;

	private final People people;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Environments(EnvironmentRepository environments, EnvironmentObservationRepository observations, People people,
			ApplicationEventPublisher events, Clock clock) {
		this.environments = environments;
		this.observations = observations;
		this.people = people;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A committed change shapes the environment: created with its first change, updated
	 * by every later one.
	 */
	public void take(EnvironmentChange change) {
		Environment environment = this.environments.findByTeamKeyAndName(change.team(), change.name()).orElse(null);
		if (environment == null) {
			this.environments.save(new Environment(UUID.randomUUID(), change, this.clock.instant()));
		}
		else {
			environment.take(change, this.clock.instant());
		}
		audit(change.team(), change.name(), (environment == null) ? "environment.created" : "environment.changed",
				"gitops-writer", null,
				AuditEvent.facts("commit", change.commitSha(), "folder", change.folder(), "catalogItem",
						change.catalogKey() + "@" + change.catalogVersion(), "environmentClass",
						change.environmentClass()));
	}

	/**
	 * A decommission's commit removed the environment from the repository.
	 */
	public void decommission(String team, String name, String commitSha) {
		Environment environment = this.environments.findByTeamKeyAndName(team, name)
			.orElseThrow(() -> new EnvironmentNotFoundException(team, name));
		LiveStatus before = environment.getStatus();
		environment.decommission(commitSha, this.clock.instant());
		audit(team, name, "environment.decommissioned", "gitops-writer", null, AuditEvent.facts("commit", commitSha));
		statusChanged(environment, before, null, environment.getStatusMessage());
	}

	/**
	 * Records a report of the environment's controller: in its history unless it repeats
	 * the last one, and as its live status unless a newer report is in force.
	 */
	void record(ReconcileObserved observed) {
		Optional<Environment> found = this.environments.findByTeamKeyAndName(observed.team(), observed.environment());
		if (found.isEmpty()) {
			// a controller object with our labels whose environment this portal does not
			// know (removed, or another portal's)
			logger.debug("Ignoring a report about unknown environment {}/{}", observed.team(), observed.environment());
			return;
		}
		Environment environment = found.get();
		boolean repeated = this.observations.findFirstByEnvironmentIdOrderByObservedAtDescIdDesc(environment.getId())
			.map((latest) -> latest.saysTheSameAs(observed))
			.orElse(false);
		if (!repeated) {
			this.observations.save(new EnvironmentObservation(environment.getId(), observed));
		}
		LiveStatus before = environment.getStatus();
		environment.observe(observed);
		statusChanged(environment, before, observed.controller(), observed.message());
	}

	/**
	 * The watch on a controller is lost: its environments are unknown from then on.
	 */
	void record(ReconcileConnectionLost lost) {
		List<Environment> affected = lost.clusters().isEmpty() ? this.environments.findByController(lost.controller())
				: this.environments.findByClusterInAndController(lost.clusters(), lost.controller());
		for (Environment environment : affected) {
			LiveStatus before = environment.getStatus();
			environment.lostContact(lost.since(), lost.reason());
			statusChanged(environment, before, lost.controller(), lost.reason());
		}
	}

	/**
	 * The writer found a hand edit in the environment's folder.
	 */
	void record(DriftDetected drift) {
		this.environments.findByTeamKeyAndName(drift.team(), drift.environment())
			.filter((environment) -> environment.driftDetected(drift))
			.ifPresent((environment) -> audit(drift.team(), drift.environment(), "environment.drift-detected",
					"gitops-writer", null,
					AuditEvent.facts("reason", drift.reason(), "conflict", drift.conflict(), "diff", drift.diff())));
	}

	/**
	 * The folder holds what the portal expects again.
	 */
	void record(DriftResolved resolved) {
		this.environments.findByTeamKeyAndName(resolved.team(), resolved.environment()).ifPresent((environment) -> {
			environment.driftResolved(resolved.resolvedAt());
			audit(resolved.team(), resolved.environment(), "environment.drift-resolved", "gitops-writer", null,
					Map.of());
		});
	}

	/**
	 * The portal wrote back what it wrote before a discarded edit.
	 */
	void record(FolderRestored restored) {
		this.environments.findByTeamKeyAndName(restored.team(), restored.environment()).ifPresent((environment) -> {
			environment.restored(restored.commitSha(), restored.restoredAt());
			audit(restored.team(), restored.environment(), "environment.restored", "gitops-writer", null,
					AuditEvent.facts("commit", restored.commitSha()));
		});
	}

	/**
	 * A platform administrator accepts or discards the hand edit of an environment's
	 * folder; the writer acts on it (lets the waiting change go, merged onto an accepted
	 * edit, or writes back what it wrote before).
	 * @param person who decides
	 * @param client the machine client that carried the decision for them, if any
	 */
	public EnvironmentView decideDrift(EnvironmentKey key, DriftDecision decision, String comment, String person,
			String client, Long expectedVersion) {
		if (decision == null) {
			throw new EnvironmentActionRefusedException(Refusal.INVALID, "decision",
					"The decision must be ACCEPT or DISCARD");
		}
		if (comment == null || comment.isBlank() || comment.length() > MAX_COMMENT_LENGTH) {
			throw new EnvironmentActionRefusedException(Refusal.INVALID, "comment", "Say in the comment why the edit "
					+ "is accepted or discarded (at most " + MAX_COMMENT_LENGTH + " characters): it goes on record");
		}
		Person administrator = this.people.find(person)
			.filter(Person::isActive)
			.orElseThrow(() -> new EnvironmentActionRefusedException(Refusal.INVALID, "onBehalfOf",
					"There is no active person named '" + person + "'"));
		Environment environment = this.environments.findByTeamKeyAndName(key.team(), key.name())
			.filter((found) -> Visibility.of(administrator).sees(found.getTeamKey()))
			.orElseThrow(() -> new EnvironmentNotFoundException(key.team(), key.name()));
		StaleVersionException.check("Environment " + key.team() + "/" + key.name(), expectedVersion,
				environment.getVersion());
		String recordedAs = (client != null) ? person + " via " + client : person;
		DriftDecided decided = environment.decideDrift(administrator, recordedAs, decision, comment.strip(),
				this.clock.instant());
		try {
			this.environments.saveAndFlush(environment);
		}
		catch (ObjectOptimisticLockingFailureException ex) {
			throw new EnvironmentActionRefusedException(Refusal.CONFLICT, "concurrent-change",
					"The environment changed while the decision was made; read it again and decide anew");
		}
		this.events.publishEvent(decided);
		audit(key.team(), key.name(), "environment.drift-decided", person, client,
				AuditEvent.facts("decision", decision, "comment", comment.strip()));
		logger.info("{} decided to {} the hand edit of {}/{}: {}", recordedAs, decision, key.team(), key.name(),
				comment.strip());
		return get(key, Visibility.everything());
	}

	private void statusChanged(Environment environment, LiveStatus before, GitOpsController controller,
			String message) {
		if (environment.getStatus() != before) {
			Map<String, String> details = new TreeMap<>();
			details.put("from", String.valueOf(before));
			details.put("to", String.valueOf(environment.getStatus()));
			if (message != null) {
				details.put("message", message);
			}
			audit(environment.getTeamKey(), environment.getName(), "environment.status-changed",
					(controller != null) ? controller.displayName() : "the GitOps controller", null, details);
		}
	}

	/**
	 * Hands what happened to the environment to the audit trail, which records it in this
	 * transaction.
	 */
	private void audit(String team, String name, String action, String actor, String client,
			Map<String, String> details) {
		this.events.publishEvent(new AuditEvent(this.clock.instant(), action, "environment/" + team + "/" + name, actor,
				client, details));
	}

	/**
	 * The environment, for the domain's own decisions (no visibility applies).
	 */
	@Transactional(readOnly = true)
	public Optional<Environment> find(String team, String name) {
		return this.environments.findByTeamKeyAndName(team, name);
	}

	/**
	 * What a person may see: their teams' environments, or all of them.
	 */
	@Transactional(readOnly = true)
	public Visibility visibilityOf(String username) {
		return this.people.find(username).map(Visibility::of).orElse(new Visibility(false, Set.of()));
	}

	/**
	 * One environment with its history, if the reader may see it.
	 * @throws EnvironmentNotFoundException otherwise, revealing nothing
	 */
	@Transactional(readOnly = true)
	public EnvironmentView get(EnvironmentKey key, Visibility visibility) {
		Environment environment = this.environments.findByTeamKeyAndName(key.team(), key.name())
			.filter((found) -> visibility.sees(found.getTeamKey()))
			.orElseThrow(() -> new EnvironmentNotFoundException(key.team(), key.name()));
		List<EnvironmentObservation> history = this.observations
			.findByEnvironmentIdOrderByObservedAtDescIdDesc(environment.getId(), Limit.of(HISTORY_SHOWN));
		return view(environment, history);
	}

	/**
	 * An environment without its history, if it exists and the reader may see it.
	 */
	@Transactional(readOnly = true)
	public Optional<EnvironmentView> summary(EnvironmentKey key, Visibility visibility) {
		return this.environments.findByTeamKeyAndName(key.team(), key.name())
			.filter((found) -> visibility.sees(found.getTeamKey()))
			.map((environment) -> view(environment, List.of()));
	}

	/**
	 * A page of the environments the reader may see, in the order of team and name,
	 * starting after {@code after} ({@code null}: from the start).
	 */
	@Transactional(readOnly = true)
	public EnvironmentPage list(EnvironmentFilter filter, EnvironmentKey after, int limit, Visibility visibility) {
		List<Environment> found = this.environments.page((after != null) ? after.team() : "",
				(after != null) ? after.name() : "", filter.team(), filter.environmentClass(), filter.status(),
				visibility.everyTeam(), visibility.teams().isEmpty() ? Set.of("") : visibility.teams(),
				Limit.of(limit + 1));
		boolean more = found.size() > limit;
		List<EnvironmentView> items = found.stream()
			.limit(limit)
			.map((environment) -> view(environment, List.of()))
			.toList();
		EnvironmentView last = more ? items.get(items.size() - 1) : null;
		return new EnvironmentPage(items, (last != null) ? new EnvironmentKey(last.team(), last.name()) : null);
	}

	private static EnvironmentView view(Environment environment, List<EnvironmentObservation> history) {
		Placement placement = (environment.getCluster() != null) ? new Placement(environment.getCluster(),
				environment.getController(), environment.getControllerNamespace(), environment.getControllerName())
				: null;
		return new EnvironmentView(environment.getId(), environment.getTeamKey(), environment.getName(),
				environment.getCatalogKey(), environment.getCatalogVersion(), environment.getTier(),
				environment.getEnvironmentClass(), environment.getRegion(),
				new TreeMap<>(JSON.readValue(environment.getParametersJson(), PARAMETERS)), environment.getFolder(),
				placement, environment.getCommitSha(),
				new EnvironmentView.LiveView(environment.getStatus(), environment.getStatusMessage(),
						environment.getStatusSince(), environment.getAppliedRevision(), environment.getSyncStatus(),
						environment.getHealthStatus(), environment.getObservedAt()),
				(environment.getDriftDetectedAt() != null) ? new EnvironmentView.DriftView(
						environment.getDriftDetectedAt(), environment.getDriftDiff(), environment.getDriftReason(),
						environment.isDriftConflict(), environment.getDriftWaitingRequest()) : null,
				(environment.getDriftDecision() != null) ? new EnvironmentView.DriftDecisionView(
						environment.getDriftDecision(), environment.getDriftDecidedBy(),
						environment.getDriftDecidedAt(), environment.getDriftComment()) : null,
				history.stream()
					.map((observation) -> new EnvironmentView.ObservationView(observation.getObservedAt(),
							observation.getController(), observation.getStatus(), observation.getAppliedRevision(),
							observation.getSyncStatus(), observation.getHealthStatus(), observation.getOperationPhase(),
							observation.getMessage(), observation.getConditions()))
					.toList(),
				environment.getCreatedAt(), environment.getUpdatedAt(), environment.getVersion());
	}

}
