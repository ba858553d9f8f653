package health.haven.provisioning.environment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface EnvironmentRepository extends JpaRepository<Environment, UUID> {

	Optional<Environment> findByTeamKeyAndName(String teamKey, String name);

	List<Environment> findByClusterInAndController(Collection<String> clusters, GitOpsController controller);

	List<Environment> findByController(GitOpsController controller);

	/**
	 * A page of environments in the order of team and name, after the given one (keyset
	 * paging: stable while environments are added).
	 */
	@Query("""
			select e from Environment e
			where (e.teamKey > :afterTeam or (e.teamKey = :afterTeam and e.name > :afterName))
			and (:team is null or e.teamKey = :team)
			and (:environmentClass is null or e.environmentClass = :environmentClass)
			and (:status is null or e.status = :status)
			and (:everyTeam = true or e.teamKey in :teams)
			order by e.teamKey, e.name""")
	List<Environment> page(String afterTeam, String afterName, String team, String environmentClass, LiveStatus status,
			boolean everyTeam, Collection<String> teams, Limit limit);

}
