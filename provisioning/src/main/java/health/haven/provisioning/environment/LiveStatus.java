package health.haven.provisioning.environment;

/**
 * What the GitOps controller last said about an environment, in the portal's words.
 */
public enum LiveStatus {

	/**
	 * Committed, and no reconciler is connected to the portal for its cluster.
	 */
	NOT_TRACKED,

	/**
	 * Committed; the controller has not reported the environment yet.
	 */
	AWAITING_CONTROLLER,

	/**
	 * The controller is applying it, or waits for it to become ready.
	 */
	PROGRESSING,

	/**
	 * Applied and healthy (Argo CD: Synced and Healthy; Flux: Ready).
	 */
	HEALTHY,

	/**
	 * Applied, but the controller reports it unhealthy.
	 */
	DEGRADED,

	/**
	 * The controller could not apply it (a failed sync, a build or apply error).
	 */
	SYNC_FAILED,

	/**
	 * Suspended or paused on purpose.
	 */
	SUSPENDED,

	/**
	 * No trustworthy news: the portal lost its connection to the controller's cluster.
	 */
	UNKNOWN,

	/**
	 * Removed from the GitOps repository by a decommission; the controller prunes what
	 * ran. Nothing the controller reports changes it any more.
	 */
	DECOMMISSIONED;

	/**
	 * Whether the controller reports a problem a person should look at.
	 */
	public boolean isProblem() {
		return this == DEGRADED || this == SYNC_FAILED;
	}

}
