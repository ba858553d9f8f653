package health.haven.provisioning.approval;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.people.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApprovalProgressTests {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private final ApprovalPolicy policy = new ApprovalPolicy("prod", false,
			List.of(new ApprovalStage("security-review", Role.SECURITY_REVIEWER, 1),
					new ApprovalStage("cab", Role.APPROVER, 2)));

	@Test
	void waitsForTheFirstStageWithoutQuorum() {
		ApprovalProgress progress = new ApprovalProgress(this.policy, List
			.of(approve("security-review", "carol", Role.SECURITY_REVIEWER), approve("cab", "bob", Role.APPROVER)));
		assertThat(progress.currentStage()).get().extracting(ApprovalStage::name).isEqualTo("cab");
		assertThat(progress.complete()).isFalse();
		assertThat(progress.hasDecided("bob")).isTrue();
		assertThat(progress.hasDecided("erin")).isFalse();
	}

	@Test
	void completesWhenEveryStageHasItsQuorum() {
		ApprovalProgress progress = new ApprovalProgress(this.policy,
				List.of(approve("security-review", "carol", Role.SECURITY_REVIEWER),
						approve("cab", "bob", Role.APPROVER), approve("cab", "erin", Role.APPROVER)));
		assertThat(progress.complete()).isTrue();
		assertThat(progress.currentStage()).isEmpty();
	}

	@Test
	void anAutomaticPolicyIsCompleteOnlyWithItsOwnDecision() {
		ApprovalPolicy automatic = new ApprovalPolicy("dev", true, List.of());
		assertThat(new ApprovalProgress(automatic, List.of()).complete()).isFalse();
		assertThat(new ApprovalProgress(automatic, List.of(Decision.byPolicy("dev", NOW))).complete()).isTrue();
	}

	@Test
	void refusesPoliciesThatCannotBeSatisfied() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalPolicy("none", false, List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new ApprovalStage("cab", Role.APPROVER, 0));
	}

	private static Decision approve(String stage, String person, Role role) {
		return Decision.byPerson(1, stage, DecisionKind.APPROVE, person, null, role, null, NOW);
	}

}
