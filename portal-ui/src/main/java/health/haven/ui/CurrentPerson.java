package health.haven.ui;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import health.haven.provisioning.people.People;
import health.haven.provisioning.people.Person;

/**
 * Puts the signed-in person into every page's model, for the navigation and
 * role-dependent links.
 */
@ControllerAdvice(basePackages = "health.haven.ui")
class CurrentPerson {

	private final People people;

	CurrentPerson(People people) {
		this.people = people;
	}

	@ModelAttribute("me")
	Person me(Authentication authentication) {
		// a local account's name, or the user name the identity provider's sign-in gave
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return null;
		}
		return this.people.find(authentication.getName()).orElse(null);
	}

}
