package health.haven.gitops.lease;

/**
 * Whether this replica is the one that writes the GitOps repository and watches the
 * cluster now. Two implementations: a PostgreSQL advisory lock, and a Kubernetes
 * {@code Lease} through fabric8's leader election.
 */
public interface WriterLease {

	boolean isHeld();

	/**
	 * Tells the listener when this replica becomes the writer and when it stops being it;
	 * a listener added while the lease is held hears {@code acquired} at once.
	 */
	void addListener(Listener listener);

	/**
	 * Reacts to this replica becoming, or no longer being, the writer.
	 */
	interface Listener {

		void acquired();

		void lost();

	}

}
