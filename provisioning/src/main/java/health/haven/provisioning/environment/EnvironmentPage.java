package health.haven.provisioning.environment;

import java.util.List;

/**
 * One page of environments in the order of team and name, and the key of the last one
 * when more may follow.
 */
public record EnvironmentPage(List<EnvironmentView> items, EnvironmentKey last) {

	public EnvironmentPage {
		items = List.copyOf(items);
	}

	public boolean hasMore() {
		return this.last != null;
	}

}
