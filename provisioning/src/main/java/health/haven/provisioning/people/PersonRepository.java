package health.haven.provisioning.people;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PersonRepository extends JpaRepository<Person, String> {

	@Query("select p.username from Person p join p.teams t where t = ?1 and p.active = true order by p.username")
	List<String> findActiveMembers(String team);

	Optional<Person> findByDirectoryIssuerAndDirectorySubject(String issuer, String subject);

}
