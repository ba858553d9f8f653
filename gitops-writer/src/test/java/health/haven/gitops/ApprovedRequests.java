package health.haven.gitops;

import java.io.File;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.dataformat.yaml.YAMLMapper;

import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.request.RequestApproved;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.Ticket;

/**
 * Approved requests as provisioning publishes them, with the template settings of the
 * real catalog files, for the writer's tests.
 */
public final class ApprovedRequests {

	public static final Instant APPROVED_AT = Instant.parse("2026-11-27T09:00:00Z");

	private ApprovedRequests() {
	}

	public static RequestApproved prod(UUID id) {
		return approved(id, "odoo-dedicated", "finance", "finance-prod", "prod",
				Map.of("odooVersion", "17.0", "workers", 6, "replicas", 2, "storageGi", 100, "databaseStorageGi", 80,
						"adminAllowList", List.of("10.20.0.0/16", "192.168.7.0/24")),
				new Ticket("servicenow", "CHG0031337", "https://servicenow.example/CHG0031337"),
				List.of("bob (APPROVER)"));
	}

	public static RequestApproved dev(UUID id, String environment) {
		return approved(
				id, "odoo-multitenant", "finance", environment, "dev", Map.of("odooVersion", "18.0", "workers", 2,
						"replicas", 1, "storageGi", 10, "databaseStorageGi", 10, "adminAllowList", List.of()),
				null, List.of("policy dev-self-service (automatic)"));
	}

	@SuppressWarnings("unchecked")
	public static RequestApproved approved(UUID id, String catalogItem, String team, String environment,
			String environmentClass, Map<String, Object> parameters, Ticket ticket, List<String> approvedBy) {
		Map<String, Object> file = new YAMLMapper().readValue(new File("../catalog/" + catalogItem + ".yaml"),
				Map.class);
		Map<String, Object> template = (Map<String, Object>) file.get("template");
		return new RequestApproved(id, RequestType.CREATE, catalogItem, 1, (String) template.get("id"),
				(Map<String, Object>) template.get("settings"), Tier.valueOf((String) file.get("tier")), team,
				environment, environmentClass, "eu-west", new LinkedHashMap<>(parameters), ticket, "alice",
				"alice via ticketing-demo", approvedBy, APPROVED_AT);
	}

	public static RequestApproved withParameter(RequestApproved request, String name, Object value) {
		Map<String, Object> parameters = new LinkedHashMap<>(request.parameters());
		parameters.put(name, value);
		return new RequestApproved(request.requestId(), request.type(), request.catalogItem(), request.catalogVersion(),
				request.template(), request.templateSettings(), request.tier(), request.team(), request.environment(),
				request.environmentClass(), request.region(), parameters, request.ticket(), request.requestedBy(),
				request.submittedBy(), request.approvedBy(), request.approvedAt());
	}

	public static RequestApproved withSetting(RequestApproved request, String name, Object value) {
		Map<String, Object> settings = new LinkedHashMap<>(request.templateSettings());
		settings.put(name, value);
		return new RequestApproved(request.requestId(), request.type(), request.catalogItem(), request.catalogVersion(),
				request.template(), settings, request.tier(), request.team(), request.environment(),
				request.environmentClass(), request.region(), request.parameters(), request.ticket(),
				request.requestedBy(), request.submittedBy(), request.approvedBy(), request.approvedAt());
	}

}
