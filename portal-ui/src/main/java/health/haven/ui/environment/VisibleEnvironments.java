package health.haven.ui.environment;

import org.springframework.stereotype.Component;

import health.haven.provisioning.environment.EnvironmentKey;
import health.haven.provisioning.environment.EnvironmentNotFoundException;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.environment.Environments;
import health.haven.provisioning.people.Names;
import health.haven.provisioning.people.Person;

/**
 * The environment a page's path names, if the person sees its team: names that are not
 * DNS labels, and other teams' environments, are as unknown as those that do not exist.
 */
@Component
class VisibleEnvironments {

	private final Environments environments;

	VisibleEnvironments(Environments environments) {
		this.environments = environments;
	}

	/**
	 * @throws EnvironmentNotFoundException if there is none the person sees
	 */
	EnvironmentView get(String team, String name, Person me) {
		if (!Names.isDns1123Label(team, 63) || !Names.isDns1123Label(name, 63)) {
			throw new EnvironmentNotFoundException(team, name);
		}
		return this.environments.get(new EnvironmentKey(team, name), this.environments.visibilityOf(me.getUsername()));
	}

}
