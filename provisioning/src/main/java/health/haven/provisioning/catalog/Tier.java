package health.haven.provisioning.catalog;

/**
 * How an environment is hosted: on a shared cluster under quotas, or on a cluster of its
 * own.
 */
public enum Tier {

	MULTI_TENANT, DEDICATED

}
