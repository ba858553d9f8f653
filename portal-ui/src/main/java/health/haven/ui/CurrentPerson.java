package health.haven.ui;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
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
	Person me(@AuthenticationPrincipal UserDetails user) {
		return (user != null) ? this.people.find(user.getUsername()).orElse(null) : null;
	}

}
