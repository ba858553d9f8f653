package health.haven.api.security;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Client-credentials tokens are self-contained JWTs that expire on their own; nothing
 * about them is kept. The in-memory default would hold every token ever issued, and a
 * database table would store bearer credentials.
 */
class StatelessAuthorizations implements OAuth2AuthorizationService {

	@Override
	public void save(OAuth2Authorization authorization) {
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return null;
	}

}
