package health.haven.provisioning.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CatalogItemVersionRepository extends JpaRepository<CatalogItemVersion, Long> {

	/**
	 * Holds a transaction-scoped advisory lock on the catalog until the loading
	 * transaction ends.
	 */
	@Query(value = "select cast(pg_advisory_xact_lock(hashtext('haven.catalog')) as text)", nativeQuery = true)
	String lockForLoading();

	Optional<CatalogItemVersion> findByItemKeyAndVersion(String itemKey, int version);

	Optional<CatalogItemVersion> findFirstByItemKeyOrderByVersionDesc(String itemKey);

	@Query("""
			select v from CatalogItemVersion v
			where v.version = (select max(o.version) from CatalogItemVersion o where o.itemKey = v.itemKey)
			order by v.itemKey""")
	List<CatalogItemVersion> findLatestVersions();

}
