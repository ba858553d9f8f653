package health.haven.ui.security;

import java.net.URI;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * The ways to sign in that the sign-in page offers: the identity provider (when one is
 * configured), local passwords (unless switched off), or both.
 *
 * @param provider the identity provider's registration, or {@code null}
 * @param localAccounts whether local passwords are accepted
 */
record SignInOptions(ClientRegistration provider, boolean localAccounts) {

	/**
	 * Where the sign-in page's button starts the provider's sign-in.
	 */
	String providerPath() {
		return (this.provider != null) ? "/oauth2/authorization/" + this.provider.getRegistrationId() : null;
	}

	String providerName() {
		return (this.provider != null) ? this.provider.getClientName() : null;
	}

	/**
	 * The provider's origin ({@code https://idp.example.org}), which the pages' forms may
	 * lead to: signing out ends the provider's session there.
	 */
	String providerOrigin() {
		if (this.provider == null) {
			return null;
		}
		URI authorization = URI.create(this.provider.getProviderDetails().getAuthorizationUri());
		return authorization.getScheme() + "://" + authorization.getRawAuthority();
	}

}
