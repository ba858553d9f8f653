package health.haven.ui.security;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page, and the start page after it.
 */
@Controller
class LoginController {

	private final SignInThrottle throttle;

	LoginController(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("lockedMinutes", this.throttle.lockedMinutes());
		return "login";
	}

	@GetMapping("/")
	String home() {
		return "redirect:/catalog";
	}

}
