package health.haven.ui.security;

/**
 * The ways to sign in that the sign-in page offers: the identity provider (when one is
 * configured), local passwords (unless switched off), or both. What is known of the
 * provider here comes from the settings alone: its own settings are discovered when first
 * needed (see {@link ProviderRegistrations}).
 *
 * @param providerId the registration id of the identity provider, or {@code null}
 * @param providerName what the sign-in page calls it
 * @param localAccounts whether local passwords are accepted
 */
record SignInOptions(String providerId, String providerName, boolean localAccounts) {

	boolean hasProvider() {
		return this.providerId != null;
	}

	/**
	 * Where the sign-in page's button starts the provider's sign-in.
	 */
	String providerPath() {
		return hasProvider() ? "/oauth2/authorization/" + this.providerId : null;
	}

}
