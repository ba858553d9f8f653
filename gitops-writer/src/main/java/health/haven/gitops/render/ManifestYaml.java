package health.haven.gitops.render;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes manifest trees as YAML, and reads them back in tests. Every string is emitted by
 * the YAML library with the quoting it needs, so a value can never become structure.
 */
public final class ManifestYaml {

	// Quotes only where YAML needs them, but always around text that looks like a number
	// ("17.0"),
	// and multi-line text (odoo.conf) as a literal block: files a reviewer reads like
	// hand-written ones.
	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
		.enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
		.build();

	private ManifestYaml() {
	}

	public static byte[] write(JsonNode tree) {
		return YAML.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
	}

	public static JsonNode read(byte[] yaml) {
		return YAML.readTree(yaml);
	}

}
