package health.haven.provisioning.environment;

import health.haven.provisioning.catalog.Tier;

/**
 * A committed change, as the environment takes it: what it is made from now, with which
 * parameters, where it runs and at which commit.
 *
 * @param parametersJson the parameters in force, as stored JSON
 * @param placement where it runs and which controller object reconciles it ({@code null}
 * when the writer did not say)
 * @param watched whether the portal watches that controller, so that it will hear how the
 * change goes
 */
public record EnvironmentChange(String team, String name, String catalogKey, int catalogVersion, Tier tier,
		String environmentClass, String region, String parametersJson, String folder, String commitSha,
		Placement placement, boolean watched) {

}
