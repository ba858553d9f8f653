package health.haven.provisioning.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import health.haven.provisioning.people.Names;

/**
 * A catalog item as its YAML file describes it. Validated as a whole when loaded, so a
 * broken file stops the portal instead of producing broken environments.
 */
public record CatalogDefinition(String key, String name, String description, Tier tier, List<String> environmentClasses,
		List<String> regions, TemplateReference template, Map<String, ApprovalPolicy> approvalPolicies,
		Map<String, ApprovalPolicy> emergencyPolicies, Map<String, Object> parameters) {

	public CatalogDefinition {
		require(Names.isDns1123Label(key, 63), "key must be a DNS-1123 label: " + key);
		require(name != null && !name.isBlank(), key + ": name is missing");
		require(tier != null, key + ": tier is missing");
		require(environmentClasses != null && !environmentClasses.isEmpty(), key + ": environmentClasses is empty");
		require(regions != null && !regions.isEmpty(), key + ": regions is empty");
		require(template != null, key + ": template is missing");
		require(parameters != null && "object".equals(parameters.get("type")),
				key + ": parameters must be a JSON Schema of type object");
		for (String environmentClass : environmentClasses) {
			require(EnvironmentClass.isKnown(environmentClass),
					key + ": unknown environment class " + environmentClass + ", known: " + EnvironmentClass.ALL);
			require(approvalPolicies != null && approvalPolicies.containsKey(environmentClass),
					key + ": no approval policy for environment class " + environmentClass);
		}
		for (String region : regions) {
			require(Names.isDns1123Label(region, 40), key + ": region must be a DNS-1123 label: " + region);
		}
		environmentClasses = List.copyOf(environmentClasses);
		regions = List.copyOf(regions);
		approvalPolicies = Map.copyOf(approvalPolicies);
		emergencyPolicies = (emergencyPolicies != null) ? Map.copyOf(emergencyPolicies) : Map.of();
		for (Map.Entry<String, ApprovalPolicy> emergency : emergencyPolicies.entrySet()) {
			require(environmentClasses.contains(emergency.getKey()), key
					+ ": an emergency policy for environment class " + emergency.getKey() + ", which it offers not");
			require(!emergency.getValue().automatic(), key + ": the emergency policy for " + emergency.getKey()
					+ " must have stages: an emergency " + "bypasses change windows only under a stricter policy");
		}
		description = (description != null) ? description : "";
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new InvalidCatalogException(message);
		}
	}

	/**
	 * The stricter policy under which an emergency change of the class bypasses change
	 * windows, if the item offers emergency changes for it.
	 */
	public Optional<ApprovalPolicy> emergencyPolicy(String environmentClass) {
		return Optional.ofNullable(this.emergencyPolicies.get(environmentClass));
	}

	public ApprovalPolicy approvalPolicy(String environmentClass) {
		ApprovalPolicy policy = this.approvalPolicies.get(environmentClass);
		if (policy == null) {
			throw new IllegalArgumentException(this.key + " offers no environment class " + environmentClass);
		}
		return policy;
	}

}
