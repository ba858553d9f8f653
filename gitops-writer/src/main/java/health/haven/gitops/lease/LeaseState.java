package health.haven.gitops.lease;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import health.haven.gitops.lease.WriterLease.Listener;

/**
 * Whether a lease is held, and the listeners told when that changes: the part every kind
 * of lease shares. A listener added while the lease is held hears at once that it was
 * acquired; one that fails does not keep the others from hearing.
 */
final class LeaseState {

	private static final Logger logger = LoggerFactory.getLogger(LeaseState.class);

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean held;

	boolean isHeld() {
		return this.held;
	}

	void addListener(Listener listener) {
		this.listeners.add(listener);
		if (this.held) {
			listener.acquired();
		}
	}

	/**
	 * @return whether it changed (and the listeners were told)
	 */
	boolean set(boolean held) {
		if (this.held == held) {
			return false;
		}
		this.held = held;
		for (Listener listener : this.listeners) {
			try {
				if (held) {
					listener.acquired();
				}
				else {
					listener.lost();
				}
			}
			catch (RuntimeException ex) {
				logger.error("A writer lease listener failed", ex);
			}
		}
		return true;
	}

}
