package health.haven.provisioning.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import health.haven.provisioning.catalog.Tier;

/**
 * A request was approved; its change can be written to the GitOps repository. Carries
 * everything the writer needs, pinned at approval time (the catalog version's template
 * settings included), so that a re-delivery renders exactly the same change.
 *
 * <p>
 * Published by {@link EnvironmentRequests} in the transaction that approves the request
 * and stored in the event publication registry with it; delivered after commit, and again
 * after a restart until the listener (gitops-writer) completes. Listeners must be
 * idempotent.
 *
 * @param approvedBy each decision that approved it, as commit trailers show them
 * @param approvedAt when it was approved: its commit cannot be older (publications stored
 * before this field existed read it as {@code null})
 */
public record RequestApproved(UUID requestId, RequestType type, String catalogItem, int catalogVersion, String template,
		Map<String, Object> templateSettings, Tier tier, String team, String environment, String environmentClass,
		String region, Map<String, Object> parameters, Ticket ticket, String requestedBy, String submittedBy,
		List<String> approvedBy, Instant approvedAt) {

}
