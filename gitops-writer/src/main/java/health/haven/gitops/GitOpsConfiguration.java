package health.haven.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import health.haven.gitops.render.Destination;
import health.haven.gitops.repository.GitOpsProperties;
import health.haven.gitops.repository.GitOpsRepository;
import health.haven.gitops.validate.ManifestSchemas;
import health.haven.gitops.validate.ManifestValidator;

/**
 * Wires the writer: the repository (a local bare repository, or a mirror of the remote),
 * where controllers read it from, and schema validation when a schema folder is
 * configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitOpsProperties.class)
class GitOpsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GitOpsConfiguration.class);

	@Bean(destroyMethod = "close")
	GitOpsRepository gitOpsRepository(GitOpsProperties properties, Clock clock) throws IOException {
		return new GitOpsRepository(properties, clock);
	}

	@Bean
	Destination gitOpsDestination(GitOpsProperties properties) {
		return new Destination(properties.effectiveControllerUrl(), properties.branch());
	}

	@Bean
	@ConditionalOnProperty("haven.gitops.schemas-dir")
	ManifestValidator manifestValidator(GitOpsProperties properties) throws IOException {
		if (!Files.isDirectory(properties.schemasDir())) {
			throw new IOException("haven.gitops.schemas-dir is not a folder: " + properties.schemasDir());
		}
		logger.info("Validating rendered manifests against the schemas in {}", properties.schemasDir());
		return new ManifestValidator(ManifestSchemas.load(properties.schemasDir()));
	}

}
