package health.haven.ui.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page, and the start page after it.
 */
@Controller
class LoginController {

	private final SignInThrottle throttle;

	private final SignInOptions options;

	LoginController(SignInThrottle throttle, SignInOptions options) {
		this.throttle = throttle;
		this.options = options;
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model model) {
		HttpSession session = request.getSession(false);
		model.addAttribute("lockedMinutes", this.throttle.lockedMinutes());
		model.addAttribute("localAccounts", this.options.localAccounts());
		model.addAttribute("providerPath", this.options.providerPath());
		model.addAttribute("providerName", this.options.providerName());
		Object failure = (session != null) ? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) : null;
		if (failure instanceof OAuth2AuthenticationException refused) {
			// Haven's own reasons are written for the person; the provider's are not
			String code = refused.getError().getErrorCode();
			model.addAttribute("providerFailure",
					code.startsWith("haven_") ? refused.getError().getDescription() : null);
			model.addAttribute("providerFailed", true);
		}
		return "login";
	}

	@GetMapping("/")
	String home() {
		return "redirect:/catalog";
	}

}
