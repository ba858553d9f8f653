package health.haven.provisioning.environment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnvironmentObservationRepository extends JpaRepository<EnvironmentObservation, Long> {

	Optional<EnvironmentObservation> findFirstByEnvironmentIdOrderByObservedAtDescIdDesc(UUID environmentId);

	List<EnvironmentObservation> findByEnvironmentIdOrderByObservedAtDescIdDesc(UUID environmentId, Limit limit);

}
