package health.haven.provisioning.environment;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.environment.EnvironmentActionRefusedException.Refusal;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.people.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A hand edit of an environment's folder as the environment keeps it: shown until someone
 * decides, decided only by a platform administrator, never un-decided by a late report.
 */
class EnvironmentDriftTests {

	private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

	private final Environment environment = new Environment(UUID.randomUUID(),
			new EnvironmentChange("finance", "erp", "odoo-dedicated", 1, Tier.DEDICATED, "prod", "eu-west", "{}",
					"environments/finance/erp", "a".repeat(40), null, false),
			NOW);

	private final Person dave = new Person("dave", "Dave", null, Set.of(Role.PLATFORM_ADMIN), Set.of(), NOW);

	private final Person alice = new Person("alice", "Alice", null, Set.of(Role.REQUESTER), Set.of("finance"), NOW);

	@Test
	void aHandEditIsShownUntilAPlatformAdministratorDecides() {
		UUID waiting = UUID.randomUUID();
		this.environment.driftDetected(drift(NOW, false, waiting));
		assertThat(this.environment.getDriftDetectedAt()).isEqualTo(NOW);
		assertThat(this.environment.getDriftDiff()).contains("+  replicas: 6");
		assertThat(this.environment.getDriftWaitingRequest()).isEqualTo(waiting);

		assertThatExceptionOfType(EnvironmentActionRefusedException.class)
			.isThrownBy(() -> this.environment.decideDrift(this.alice, "alice", DriftDecision.ACCEPT, "fine", NOW))
			.satisfies((ex) -> {
				assertThat(ex.getRefusal()).isEqualTo(Refusal.NOT_PERMITTED);
				assertThat(ex.getReason()).isEqualTo("missing-role");
			});
		assertThat(this.environment.getDriftDetectedAt()).isNotNull();

		DriftDecided decided = this.environment.decideDrift(this.dave, "dave via ticketing-demo", DriftDecision.DISCARD,
				"not approved", NOW.plusSeconds(60));
		assertThat(decided).isEqualTo(new DriftDecided("finance", "erp", "environments/finance/erp",
				DriftDecision.DISCARD, "dave via ticketing-demo", "not approved", NOW.plusSeconds(60)));
		assertThat(this.environment.getDriftDetectedAt()).isNull();
		assertThat(this.environment.getDriftWaitingRequest()).isNull();
		assertThat(this.environment.getDriftDecidedBy()).isEqualTo("dave via ticketing-demo");
		assertThat(this.environment.getDriftComment()).isEqualTo("not approved");

		// nothing left to decide
		assertThatExceptionOfType(EnvironmentActionRefusedException.class)
			.isThrownBy(() -> this.environment.decideDrift(this.dave, "dave", DriftDecision.DISCARD, "again",
					NOW.plusSeconds(61)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("no-drift"));
	}

	@Test
	void aReportOfAnEditAlreadyDecidedDeliveredLateChangesNothing() {
		this.environment.driftDetected(drift(NOW, false, null));
		this.environment.decideDrift(this.dave, "dave", DriftDecision.ACCEPT, "CAB approved", NOW.plusSeconds(60));
		assertThat(this.environment.driftDetected(drift(NOW, false, null))).isFalse();
		assertThat(this.environment.getDriftDetectedAt()).isNull();
		// a new edit, found after the decision, is shown
		assertThat(this.environment.driftDetected(drift(NOW.plusSeconds(120), false, null))).isTrue();
		assertThat(this.environment.getDriftDetectedAt()).isEqualTo(NOW.plusSeconds(120));
	}

	@Test
	void anEditAChangeCannotBeMergedOntoCanOnlyBeDiscarded() {
		this.environment.driftDetected(drift(NOW, true, UUID.randomUUID()));
		assertThatExceptionOfType(EnvironmentActionRefusedException.class)
			.isThrownBy(() -> this.environment.decideDrift(this.dave, "dave", DriftDecision.ACCEPT, "keep it", NOW))
			.satisfies((ex) -> {
				assertThat(ex.getRefusal()).isEqualTo(Refusal.CONFLICT);
				assertThat(ex.getReason()).isEqualTo("conflicting-edit");
			});
		assertThat(
				this.environment.decideDrift(this.dave, "dave", DriftDecision.DISCARD, "render wins", NOW).decision())
			.isEqualTo(DriftDecision.DISCARD);
	}

	@Test
	void anEditPutBackClearsTheDriftButAnOlderNoteOfItDoesNotClearANewerEdit() {
		this.environment.driftDetected(drift(NOW.plusSeconds(10), false, null));
		this.environment.driftResolved(NOW);
		assertThat(this.environment.getDriftDetectedAt()).isNotNull();
		this.environment.driftResolved(NOW.plusSeconds(20));
		assertThat(this.environment.getDriftDetectedAt()).isNull();
	}

	private static DriftDetected drift(Instant at, boolean conflict, UUID waiting) {
		return new DriftDetected("finance", "erp", "-  replicas: 2\n+  replicas: 6\n", "edited outside Haven", conflict,
				at, waiting);
	}

}
