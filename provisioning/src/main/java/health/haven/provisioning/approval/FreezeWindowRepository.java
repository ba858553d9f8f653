package health.haven.provisioning.approval;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface FreezeWindowRepository extends JpaRepository<FreezeWindow, UUID> {

	List<FreezeWindow> findByEnvironmentClass(String environmentClass);

	List<FreezeWindow> findAllByOrderByEnvironmentClassAscCreatedAtAsc();

}
