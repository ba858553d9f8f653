package health.haven.api.secret;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import health.haven.api.runtime.HavenProperties;

/**
 * The one key the portal's stored secrets are encrypted with.
 */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

	@Bean
	SecretBox secretBox(@Value("${haven.secrets.key:}") String key, HavenProperties haven) {
		return SecretBox.of(key, haven.dataDir());
	}

}
