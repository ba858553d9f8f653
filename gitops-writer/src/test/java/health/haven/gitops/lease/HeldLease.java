package health.haven.gitops.lease;

/**
 * A writer lease this replica holds for as long as a test says.
 */
public class HeldLease implements WriterLease {

	private volatile boolean held = true;

	@Override
	public boolean isHeld() {
		return this.held;
	}

	@Override
	public void addListener(Listener listener) {
		if (this.held) {
			listener.acquired();
		}
	}

	public void release() {
		this.held = false;
	}

}
