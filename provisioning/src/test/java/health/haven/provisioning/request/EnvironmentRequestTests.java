package health.haven.provisioning.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.approval.ApprovalProgress;
import health.haven.provisioning.approval.Decision;
import health.haven.provisioning.approval.DecisionKind;
import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.catalog.Quorum;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvironmentRequestTests {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private static final ApprovalPolicy AUTOMATIC = new ApprovalPolicy("dev-self-service", true, List.of());

	private static final ApprovalPolicy CAB = new ApprovalPolicy("prod-change-approval", false,
			List.of(new ApprovalStage("change-advisory-board", Role.APPROVER, 1)));

	private final Person alice = person("alice", Role.REQUESTER);

	private final Person bob = person("bob", Role.APPROVER);

	private final Person erin = person("erin", Role.APPROVER);

	private final Person carol = person("carol", Role.SECURITY_REVIEWER);

	@Test
	void aDelayedCommitKeepsTheRequestApprovedAndSaysWhyOnceInTheTimeline() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		assertThat(request.noteDelay("remote unreachable", 1, NOW.plusSeconds(1), NOW)).isTrue();
		assertThat(request.noteDelay("remote unreachable", 2, NOW.plusSeconds(3), NOW.plusSeconds(1))).isTrue();
		// a report of an earlier attempt, delivered late, changes nothing
		assertThat(request.noteDelay("push refused", 1, NOW.plusSeconds(1), NOW.plusSeconds(2))).isFalse();
		assertThat(request.noteDelay("push refused", 3, NOW.plusSeconds(7), NOW.plusSeconds(3))).isTrue();
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
		assertThat(request.getDelayReason()).isEqualTo("push refused");
		assertThat(request.getDelayAttempts()).isEqualTo(3);
		assertThat(request.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(7));
		assertThat(request.getTimeline()).extracting(RequestTimelineEntry::getNote)
			.containsSubsequence("Retrying: remote unreachable", "Retrying: push refused")
			.filteredOn((note) -> note != null && note.startsWith("Retrying"))
			.hasSize(2);

		request.markCommitted("abc", "environments/finance/erp", NOW.plusSeconds(8));
		assertThat(request.getDelayReason()).isNull();
		assertThat(request.noteDelay("remote unreachable", 4, NOW.plusSeconds(9), NOW.plusSeconds(9))).isFalse();
		assertThat(request.getState()).isEqualTo(RequestState.COMMITTED);
	}

	@Test
	void aChangeHeldForAHandEditSaysItWaitsForAPersonNotForTheNextAttempt() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		assertThat(request.noteDelay("The folder environments/finance/erp was edited outside Haven", 1, null, NOW))
			.isTrue();
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
		assertThat(request.getNextAttemptAt()).isNull();
		assertThat(request.getTimeline()).last()
			.extracting(RequestTimelineEntry::getNote)
			.isEqualTo("Waiting: The folder environments/finance/erp was edited outside Haven");
	}

	@Test
	void aPlatformAdministratorRetriesAFailedRequestFromItsFailedStep() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		request.markFailed("render", "no schema known for traefik.io/v1alpha1 IngressRoute", NOW);
		assertThatExceptionOfType(NotPermittedException.class).isThrownBy(() -> request.retry(this.bob, null, NOW))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("missing-role"));
		request.retry(person("dave", Role.PLATFORM_ADMIN), null, NOW.plusSeconds(60));
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
		assertThat(request.getFailedStep()).isNull();
		assertThat(request.getTimeline()).last().satisfies((entry) -> {
			assertThat(entry.getActor()).isEqualTo("dave");
			assertThat(entry.getNote()).isEqualTo("Retried from step render");
		});
		// only a failed request is retried
		assertThatExceptionOfType(RequestConflictException.class)
			.isThrownBy(() -> request.retry(person("dave", Role.PLATFORM_ADMIN), null, NOW));
	}

	@Test
	void startsSubmittedAndRecordsRequesterAndClient() {
		EnvironmentRequest request = submitted(Actor.client("ticketing-demo", "alice"));
		assertThat(request.getState()).isEqualTo(RequestState.SUBMITTED);
		assertThat(request.getRequestedBy()).isEqualTo("alice");
		assertThat(request.getSubmittedBy()).isEqualTo("alice via ticketing-demo");
		assertThat(request.getTimeline()).extracting(RequestTimelineEntry::getState)
			.containsExactly(RequestState.SUBMITTED);
	}

	@Test
	void automaticPolicyApprovesAndRecordsItselfAsApprover() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
		assertThat(request.getDecisions()).singleElement().satisfies((decision) -> {
			assertThat(decision.isAutomatic()).isTrue();
			assertThat(decision.attribution()).isEqualTo("policy dev-self-service (automatic)");
		});
	}

	@Test
	void approvalByAnApproverWhoIsNotTheRequesterApproves() {
		EnvironmentRequest request = pending();
		boolean approved = request.decide(this.bob, new Decide(DecisionKind.APPROVE, "ok"), null, CAB, Map.of(), NOW);
		assertThat(approved).isTrue();
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
		assertThat(request.getDecisions()).singleElement()
			.satisfies((decision) -> assertThat(decision.attribution()).isEqualTo("bob (APPROVER)"));
	}

	@Test
	void rejectsApprovalByRequester() {
		Person requesterWhoIsAlsoApprover = person("alice", Role.REQUESTER, Role.APPROVER);
		EnvironmentRequest request = pending();
		assertThatExceptionOfType(NotPermittedException.class)
			.isThrownBy(() -> request.decide(requesterWhoIsAlsoApprover, new Decide(DecisionKind.APPROVE, null), null,
					CAB, Map.of(), NOW))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("own-request"));
		assertThat(request.getState()).isEqualTo(RequestState.PENDING_APPROVAL);
		assertThat(request.getDecisions()).isEmpty();
	}

	@Test
	void rejectsDecisionByPersonWithoutTheStagesRole() {
		EnvironmentRequest request = pending();
		assertThatExceptionOfType(NotPermittedException.class)
			.isThrownBy(
					() -> request.decide(this.carol, new Decide(DecisionKind.APPROVE, null), null, CAB, Map.of(), NOW))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("missing-role"));
		assertThat(request.getState()).isEqualTo(RequestState.PENDING_APPROVAL);
	}

	@Test
	void countsOnePersonOncePerRequest() {
		ApprovalPolicy twoApprovers = new ApprovalPolicy("two", false,
				List.of(new ApprovalStage("cab", Role.APPROVER, 2)));
		EnvironmentRequest request = pending();
		assertThat(request.decide(this.bob, new Decide(DecisionKind.APPROVE, null), null, twoApprovers, Map.of(), NOW))
			.isFalse();
		assertThat(request.getState()).isEqualTo(RequestState.PENDING_APPROVAL);
		assertThatExceptionOfType(RequestConflictException.class)
			.isThrownBy(() -> request.decide(this.bob, new Decide(DecisionKind.APPROVE, null), null, twoApprovers,
					Map.of(), NOW))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("already-decided"));
		assertThat(request.decide(this.erin, new Decide(DecisionKind.APPROVE, null), null, twoApprovers, Map.of(), NOW))
			.isTrue();
		assertThat(request.getState()).isEqualTo(RequestState.APPROVED);
	}

	@Test
	void stagesAreDecidedInOrder() {
		ApprovalPolicy securityThenCab = new ApprovalPolicy("prod", false,
				List.of(new ApprovalStage("security-review", Role.SECURITY_REVIEWER, 1),
						new ApprovalStage("change-advisory-board", Role.APPROVER, 1)));
		EnvironmentRequest request = pending(securityThenCab);
		// an approver before the security review is done: the stage that waits is named
		assertThatExceptionOfType(RequestConflictException.class)
			.isThrownBy(() -> request.decide(this.bob, new Decide(DecisionKind.APPROVE, null), null, securityThenCab,
					Map.of(), NOW))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo("stage-not-open");
				assertThat(ex.getMessage()).contains("Stage security-review (role SECURITY_REVIEWER) waits");
			});
		assertThat(request.getDecisions()).isEmpty();
		assertThat(request.decide(this.carol, new Decide(DecisionKind.APPROVE, null), null, securityThenCab, Map.of(),
				NOW))
			.isFalse();
		assertThat(request.progress(securityThenCab).currentStage()).get()
			.extracting(ApprovalStage::name)
			.isEqualTo("change-advisory-board");
		assertThat(
				request.decide(this.bob, new Decide(DecisionKind.APPROVE, null), null, securityThenCab, Map.of(), NOW))
			.isTrue();
	}

	@Test
	void waitsOnlyForPeopleWhoMayDecideNow() {
		EnvironmentRequest request = pending();
		assertThat(request.awaitsDecisionBy(this.bob, CAB, Map.of())).isTrue();
		assertThat(request.awaitsDecisionBy(person("alice", Role.REQUESTER, Role.APPROVER), CAB, Map.of())).isFalse();
		assertThat(request.awaitsDecisionBy(this.carol, CAB, Map.of())).isFalse();
		request.decide(this.bob, new Decide(DecisionKind.APPROVE, null), null, CAB, Map.of(), NOW);
		assertThat(request.awaitsDecisionBy(this.erin, CAB, Map.of())).isFalse();
	}

	@Test
	void aStageOfAllOfAGroupNeedsEveryMemberButTheRequester() {
		ApprovalPolicy core = new ApprovalPolicy("core", false,
				List.of(new ApprovalStage("cab-core", null, "cab-core", Quorum.ALL)));
		Person bob = person("bob", Set.of("cab-core"), Role.APPROVER);
		Person erin = person("erin", Set.of("cab-core"), Role.APPROVER);
		Person dave = person("dave", Set.of(), Role.PLATFORM_ADMIN, Role.APPROVER);
		Map<String, Set<String>> members = Map.of("cab-core", Set.of("bob", "erin"));
		EnvironmentRequest request = pending(core);
		assertThatExceptionOfType(NotPermittedException.class)
			.isThrownBy(() -> request.decide(dave, new Decide(DecisionKind.APPROVE, null), null, core, members, NOW))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("group cab-core"));
		assertThat(request.decide(bob, new Decide(DecisionKind.APPROVE, null), null, core, members, NOW)).isFalse();
		assertThat(request.progress(core, members).missing(core.stages().get(0))).isOne();
		assertThat(request.decide(erin, new Decide(DecisionKind.APPROVE, null), null, core, members, NOW)).isTrue();
		assertThat(request.getDecisions()).extracting(Decision::attribution)
			.containsExactly("bob (cab-core)", "erin (cab-core)");
		// a group with nobody who may decide never completes its stage
		assertThat(new ApprovalProgress(core, List.of(), Map.of("cab-core", Set.of())).complete()).isFalse();
	}

	@Test
	void rejectionEndsTheRequest() {
		EnvironmentRequest request = pending();
		request.decide(this.bob, new Decide(DecisionKind.REJECT, "No backup plan"), null, CAB, Map.of(), NOW);
		assertThat(request.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(request.getStateReason()).isEqualTo("No backup plan");
		assertThatExceptionOfType(RequestConflictException.class)
			.isThrownBy(
					() -> request.decide(this.erin, new Decide(DecisionKind.APPROVE, null), null, CAB, Map.of(), NOW))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("illegal-transition"));
	}

	@Test
	void refusesToCommitARequestThatIsNotApproved() {
		EnvironmentRequest request = pending();
		assertThatExceptionOfType(RequestConflictException.class)
			.isThrownBy(() -> request.markCommitted("a".repeat(40), "environments/finance/erp", NOW));
		assertThat(request.getState()).isEqualTo(RequestState.PENDING_APPROVAL);
	}

	@Test
	void theFirstCommitReportedStands() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		assertThat(request.markCommitted("a".repeat(40), "environments/finance/erp", NOW)).isTrue();
		assertThat(request.markCommitted("a".repeat(40), "environments/finance/erp", NOW)).isFalse();
		assertThat(request.getState()).isEqualTo(RequestState.COMMITTED);
		assertThat(request.getTimeline()).filteredOn((entry) -> entry.getState() == RequestState.COMMITTED).hasSize(1);
		assertThat(request.markCommitted("b".repeat(40), "environments/finance/erp", NOW)).isFalse();
		assertThat(request.getCommitSha()).isEqualTo("a".repeat(40));
	}

	@Test
	void aFailedCommitKeepsStepAndReason() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		request.markFailed("render", "No image pinned for Odoo 19.0", NOW);
		assertThat(request.getState()).isEqualTo(RequestState.FAILED);
		assertThat(request.getFailedStep()).isEqualTo("render");
		assertThat(request.getStateReason()).isEqualTo("No image pinned for Odoo 19.0");
	}

	@Test
	void aFailureReportedAfterTheCommitDoesNotUndoIt() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		request.markCommitted("a".repeat(40), "environments/finance/erp", NOW);
		assertThat(request.markFailed("gitops-commit", "remote unreachable", NOW)).isFalse();
		assertThat(request.getState()).isEqualTo(RequestState.COMMITTED);
	}

	@Test
	void keepsAnOverlongReasonWithinWhatIsStored() {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.approveByPolicy(AUTOMATIC, NOW);
		request.markFailed("gitops-commit", "x".repeat(5000), NOW);
		assertThat(request.getStateReason()).hasSize(EnvironmentRequest.MAX_NOTE_LENGTH).endsWith("…");
	}

	private EnvironmentRequest pending() {
		return pending(CAB);
	}

	private EnvironmentRequest pending(ApprovalPolicy policy) {
		EnvironmentRequest request = submitted(Actor.person("alice"));
		request.awaitApproval(policy, NOW);
		return request;
	}

	private static EnvironmentRequest submitted(Actor actor) {
		return new EnvironmentRequest(UUID.randomUUID(), RequestType.CREATE, "odoo-dedicated", 1, "finance", "erp",
				"prod", "eu-west", "{}", null, false, actor, NOW);
	}

	private static Person person(String name, Role... roles) {
		return new Person(name, name, null, Set.of(roles), Set.of("finance"), NOW);
	}

	private static Person person(String name, Set<String> teams, Role... roles) {
		return new Person(name, name, null, Set.of(roles), teams, NOW);
	}

}
