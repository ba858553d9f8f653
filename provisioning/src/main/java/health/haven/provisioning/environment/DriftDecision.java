package health.haven.provisioning.environment;

/**
 * What a person decides about a hand edit of an environment's folder.
 */
public enum DriftDecision {

	/**
	 * The edit stays: it is what the folder is expected to hold, and later changes are
	 * merged onto it.
	 */
	ACCEPT,

	/**
	 * The edit goes: the next change overwrites it, or the portal writes back what it
	 * wrote before.
	 */
	DISCARD

}
