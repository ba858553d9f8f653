package health.haven.provisioning.request;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface EnvironmentRequestRepository extends JpaRepository<EnvironmentRequest, UUID> {

	@Query("""
			select count(r) > 0 from EnvironmentRequest r
			where r.teamKey = ?1 and r.environment = ?2 and r.requestType = health.haven.provisioning.request.RequestType.CREATE
			and r.state not in (health.haven.provisioning.request.RequestState.REJECTED,
				health.haven.provisioning.request.RequestState.CANCELLED,
				health.haven.provisioning.request.RequestState.EXPIRED)""")
	boolean holdsEnvironment(String team, String environment);

	List<EnvironmentRequest> findByStateOrderByCreatedAt(RequestState state);

	List<EnvironmentRequest> findByTeamKeyInOrderByCreatedAtDesc(Collection<String> teams);

	List<EnvironmentRequest> findAllByOrderByCreatedAtDesc();

}
