package health.haven.provisioning.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import health.haven.provisioning.audit.AuditEvent;

/**
 * Loads the catalog files at start-up. A file whose content differs from the item's
 * latest stored version becomes a new version; an unchanged file changes nothing. A
 * broken file stops the start.
 */
@Component
class CatalogLoader implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(CatalogLoader.class);

	private final CatalogItemVersionRepository versions;

	private final CatalogProperties properties;

	private final Clock clock;

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// a flag or number left out of the file means false or 0; the definition's checks
		// judge that
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final JsonMapper canonicalJson = CatalogJson.MAPPER.rebuild()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private final ApplicationEventPublisher events;

	CatalogLoader(CatalogItemVersionRepository versions, CatalogProperties properties, Clock clock,
			ApplicationEventPublisher events) {
		this.versions = versions;
		this.properties = properties;
		this.clock = clock;
		this.events = events;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources(this.properties.location());
		if (files.length == 0) {
			throw new InvalidCatalogException("No catalog files at " + this.properties.location());
		}
		// replicas starting together take turns, so that each version is stored once
		this.versions.lockForLoading();
		Map<String, String> seen = new HashMap<>();
		for (Resource file : files) {
			CatalogDefinition definition = read(file);
			String previous = seen.put(definition.key(), file.getDescription());
			if (previous != null) {
				throw new InvalidCatalogException(
						"Catalog item " + definition.key() + " is defined twice: " + previous + " and " + file);
			}
			store(definition, file.getDescription());
		}
	}

	/**
	 * Reads and checks one catalog file, its parameter schema included.
	 */
	static CatalogDefinition read(Resource file) throws IOException {
		try (InputStream in = file.getInputStream()) {
			CatalogDefinition definition = YAML.readValue(in, CatalogDefinition.class);
			ParameterSchema.compile(definition);
			return definition;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new InvalidCatalogException(
					"Catalog file " + file.getDescription() + " is invalid: " + ex.getMessage(), ex);
		}
	}

	private void store(CatalogDefinition definition, String source) {
		// the checksum ignores key order; the stored text keeps the file's order, which
		// forms follow
		String checksum = sha256(this.canonicalJson.writeValueAsString(definition));
		String json = CatalogJson.MAPPER.writeValueAsString(definition);
		var latest = this.versions.findFirstByItemKeyOrderByVersionDesc(definition.key());
		if (latest.isPresent() && latest.get().getChecksum().equals(checksum)) {
			return;
		}
		int version = latest.map(CatalogItemVersion::getVersion).orElse(0) + 1;
		this.versions.save(new CatalogItemVersion(definition.key(), version, definition.name(), checksum, json, source,
				this.clock.instant()));
		logger.info("Catalog item {} stored as version {} from {}", definition.key(), version, source);
		// a policy is part of the item's definition: a changed policy is a new version,
		// and its checksum says exactly which
		this.events.publishEvent(new AuditEvent(this.clock.instant(), "catalog.version-stored",
				"catalog/" + definition.key() + "@" + version, "catalog-loader", null,
				AuditEvent.facts("name", definition.name(), "source", source, "checksum", checksum, "previousVersion",
						latest.map(CatalogItemVersion::getVersion).orElse(null))));
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
