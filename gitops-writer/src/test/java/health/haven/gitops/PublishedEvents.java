package health.haven.gitops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

/**
 * The portal's own events a test's context published, in order.
 */
public class PublishedEvents {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(Object event) {
		if (event.getClass().getName().startsWith("health.haven.")) {
			this.events.add(event);
		}
	}

	/**
	 * Records an event published outside the context, as a publisher would.
	 */
	public void publish(Object event) {
		on(event);
	}

	public <T> List<T> of(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public void clear() {
		this.events.clear();
	}

}
