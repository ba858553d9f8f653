package health.haven.api.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import health.haven.api.runtime.HavenProperties;

/**
 * The one key the portal's stored secrets are encrypted with.
 */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SecretConfiguration.class);

	@Bean
	SecretBox secretBox(@Value("${haven.secrets.key:}") String key,
			@Value("${spring.datasource.url:}") String externalDatabase, HavenProperties haven) {
		if (key.isBlank() && !externalDatabase.isBlank()) {
			logger.warn("An external database and no haven.secrets.key (HAVEN_SECRETS_KEY): this portal encrypts "
					+ "its stored secrets with a key in its own data folder, which replicas on the same database "
					+ "cannot read; give every replica the same HAVEN_SECRETS_KEY");
		}
		return SecretBox.of(key, haven.dataDir());
	}

}
