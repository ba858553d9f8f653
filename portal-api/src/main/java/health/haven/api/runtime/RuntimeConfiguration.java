package health.haven.api.runtime;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ HavenProperties.class, EmbeddedDatabaseProperties.class })
class RuntimeConfiguration {

}
