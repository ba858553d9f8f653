package health.haven.provisioning.gate;

import java.util.Map;

import org.springframework.lang.Nullable;

/**
 * What the gates look at: the request's parameters (valid against the item's schema
 * already), its rendered manifests, and what the team's other environments take.
 *
 * @param templateSettings the catalog version's template settings (its secret store per
 * environment class)
 * @param manifests the rendered manifests; {@code null} where this portal renders nothing
 * (no GitOps writer): the manifest gates then run before the commit only
 * @param others what the team's other environments take, and how many there are
 * @param removal the request removes the environment (a decommission): it deploys nothing
 */
public record GateSubject(String catalogItem, String team, String environment, String environmentClass,
		Map<String, Object> templateSettings, Map<String, Object> parameters, @Nullable Manifests manifests,
		TeamUsage others, boolean removal) {

	/**
	 * What a team's environments take together.
	 */
	public record TeamUsage(int environments, Footprint footprint) {

		public static final TeamUsage NONE = new TeamUsage(0, Footprint.NONE);

	}

}
