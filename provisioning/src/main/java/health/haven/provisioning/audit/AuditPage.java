package health.haven.provisioning.audit;

import java.util.List;

/**
 * A page of the trail and whether more rows follow it (in the order it was read).
 */
public record AuditPage(List<AuditRecord> items, boolean hasMore) {

	public AuditRecord last() {
		return this.items.get(this.items.size() - 1);
	}

}
