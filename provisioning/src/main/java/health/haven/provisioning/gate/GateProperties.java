package health.haven.provisioning.gate;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform team's settings for the policy gates.
 *
 * @param registries the registries images may come from (host, or host and path prefix,
 * e.g. {@code registry.haven.example/mirror})
 * @param pinnedClasses the environment classes whose images must be pinned by digest
 * @param quota every team's quota, unless {@code teams} names its own
 * @param teams quotas of particular teams, by team key
 */
@ConfigurationProperties("haven.gates")
public record GateProperties(@DefaultValue("registry.haven.example") List<String> registries, @DefaultValue( {
		"staging", "prod" }) List<String> pinnedClasses, @DefaultValue Quota quota,
		@DefaultValue Map<String, Quota> teams){

	/**
	 * What a team's environments may take together: how many, CPU cores and memory they
	 * request, and the storage they claim.
	 */
	public record Quota(@DefaultValue("20") int environments, @DefaultValue("64") double cpu,
			@DefaultValue("256") int memoryGi, @DefaultValue("10000") int storageGi) {
	}

	/**
	 * The defaults, as a first run has them.
	 */
	public static GateProperties defaults() {
		return new GateProperties(List.of("registry.haven.example"), List.of("staging", "prod"),
				new Quota(20, 64, 256, 10000), Map.of());
	}

	Quota quotaOf(String team) {
		return this.teams.getOrDefault(team, this.quota);
	}

}
