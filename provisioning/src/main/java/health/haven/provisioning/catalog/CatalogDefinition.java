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
		Map<String, ApprovalPolicy> emergencyPolicies, Map<String, Map<String, ApprovalPolicy>> changePolicies,
		Map<String, Object> parameters) {

	/**
	 * The change types a policy may be given for, beside the CREATE of each class's own
	 * policy.
	 */
	public static final List<String> CHANGE_TYPES = List.of("UPDATE", "UPGRADE", "PROMOTE", "ROLLBACK", "DECOMMISSION");

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
		changePolicies = (changePolicies != null) ? Map.copyOf(changePolicies) : Map.of();
		for (Map.Entry<String, Map<String, ApprovalPolicy>> change : changePolicies.entrySet()) {
			require(CHANGE_TYPES.contains(change.getKey()),
					key + ": a policy for change type " + change.getKey() + ", known: " + CHANGE_TYPES);
			for (String environmentClass : change.getValue().keySet()) {
				require(environmentClasses.contains(environmentClass), key + ": a " + change.getKey()
						+ " policy for environment class " + environmentClass + ", which it offers not");
			}
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

	/**
	 * The policy a change of the type is decided under: the type's own for the class
	 * where the item gives one (a prod DECOMMISSION), the class's policy otherwise.
	 * @param changeType {@code CREATE}, {@code UPDATE}, {@code DECOMMISSION}, …
	 */
	public ApprovalPolicy approvalPolicy(String environmentClass, String changeType) {
		Map<String, ApprovalPolicy> ofType = this.changePolicies.get(changeType);
		if (ofType != null && ofType.containsKey(environmentClass)) {
			return ofType.get(environmentClass);
		}
		return approvalPolicy(environmentClass);
	}

	public ApprovalPolicy approvalPolicy(String environmentClass) {
		ApprovalPolicy policy = this.approvalPolicies.get(environmentClass);
		if (policy == null) {
			throw new IllegalArgumentException(this.key + " offers no environment class " + environmentClass);
		}
		return policy;
	}

}
