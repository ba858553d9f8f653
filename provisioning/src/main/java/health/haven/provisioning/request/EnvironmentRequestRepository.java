package health.haven.provisioning.request;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface EnvironmentRequestRepository extends JpaRepository<EnvironmentRequest, UUID> {

	/**
	 * Whether an open or done CREATE holds the qualified name
	 * {@code <team>-<environment>}. Namespaces and controller objects are named after it,
	 * so {@code a-b/c} and {@code a/b-c} must not both exist.
	 */
	@Query("""
			select count(r) > 0 from EnvironmentRequest r
			where concat(r.teamKey, '-', r.environment) = concat(?1, '-', ?2)
			and r.requestType = health.haven.provisioning.request.RequestType.CREATE
			and r.state not in (health.haven.provisioning.request.RequestState.REJECTED,
				health.haven.provisioning.request.RequestState.CANCELLED,
				health.haven.provisioning.request.RequestState.EXPIRED)""")
	boolean holdsEnvironment(String team, String environment);

	List<EnvironmentRequest> findByStateOrderByCreatedAt(RequestState state);

	boolean existsByTeamKeyAndEnvironmentAndStateIn(String teamKey, String environment,
			Collection<RequestState> states);

	List<EnvironmentRequest> findByStateAndHeldUntilLessThanEqual(RequestState state, Instant at);

	/**
	 * The request, locked until the transaction ends: decisions on one request take
	 * turns, so that two made at the same moment are both counted, each against the
	 * other.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r from EnvironmentRequest r where r.id = ?1")
	Optional<EnvironmentRequest> findForDecision(UUID id);

	List<EnvironmentRequest> findByTeamKeyAndEnvironmentAndState(String teamKey, String environment,
			RequestState state);

	List<EnvironmentRequest> findByTeamKeyAndEnvironmentOrderByCreatedAtDesc(String teamKey, String environment);

	List<EnvironmentRequest> findByTeamKeyInOrderByCreatedAtDesc(Collection<String> teams);

	List<EnvironmentRequest> findAllByOrderByCreatedAtDesc();

	/**
	 * For each environment of the team but one, its newest request in one of the states
	 * given: what each environment takes from the team's quota.
	 */
	@Query(nativeQuery = true, value = """
			select distinct on (environment) request_type as type, footprint_cpu_millis as cpuMillis,
			footprint_memory_mi as memoryMi, footprint_storage_gi as storageGi
			from environment_request
			where team_key = :team and environment <> :except and state in (:states)
			order by environment, created_at desc""")
	List<Footprinted> newestPerEnvironment(String team, String except, Collection<String> states);

	/**
	 * A request's type and what its manifests take.
	 */
	interface Footprinted {

		String getType();

		long getCpuMillis();

		long getMemoryMi();

		long getStorageGi();

	}

	/**
	 * A page of requests, newest first, after the given one (keyset paging: stable while
	 * requests are added).
	 */
	@Query("""
			select r from EnvironmentRequest r
			where (r.createdAt < :afterCreated or (r.createdAt = :afterCreated and r.id < :afterId))
			and (:state is null or r.state = :state)
			and (:team is null or r.teamKey = :team)
			and (:environment is null or r.environment = :environment)
			and (:ticket is null or r.ticket.id = :ticket)
			and (:requestedBy is null or r.requestedBy = :requestedBy)
			and (:everyTeam = true or r.teamKey in :teams)
			order by r.createdAt desc, r.id desc""")
	List<EnvironmentRequest> page(Instant afterCreated, UUID afterId, RequestState state, String team,
			String environment, String ticket, String requestedBy, boolean everyTeam, Collection<String> teams,
			Limit limit);

}
