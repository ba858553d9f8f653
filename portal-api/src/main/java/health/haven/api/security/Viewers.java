package health.haven.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import health.haven.provisioning.environment.Visibility;
import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;
import health.haven.provisioning.request.InvalidRequestException;

/**
 * Whose requests and environments an API caller reads. A client acting for a person
 * ({@code onBehalfOf}) sees what that person sees; a client acting for nobody sees the
 * teams its registration names ({@link ApiClientProperties}). What a caller does not see
 * does not exist for it: "not found", never "forbidden", so ids do not leak.
 */
@Component
@EnableConfigurationProperties(ApiClientProperties.class)
public class Viewers {

	private final People people;

	private final ApiClientProperties clients;

	Viewers(People people, ApiClientProperties clients) {
		this.people = people;
		this.clients = clients;
	}

	public Visibility visibility(Authentication authentication, String onBehalfOf) {
		Caller caller = Caller.of(authentication);
		if (onBehalfOf != null && !onBehalfOf.isBlank()) {
			String username = caller.actingFor(onBehalfOf).person();
			Person person = this.people.find(username)
				.filter(Person::isActive)
				.orElseThrow(() -> InvalidRequestException.of("onBehalfOf",
						"There is no active person named '" + username + "'"));
			return Visibility.of(person);
		}
		return this.clients.visibilityOf(caller.client());
	}

}
