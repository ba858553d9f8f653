package health.haven.gitops.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The portal's own copy of the upstream schemas: complete, unchanged since it was taken,
 * and replaceable by a platform team's export.
 */
class BuiltInSchemasTests {

	@Test
	void everyShippedSchemaIsTheUpstreamFileListedInTheChecksums() throws Exception {
		Map<String, String> listed = new TreeMap<>();
		new ClassPathResource(ManifestSchemas.BUILT_IN + "SHA256SUMS").getContentAsString(StandardCharsets.UTF_8)
			.lines()
			.map((line) -> line.split("\\s+"))
			.forEach((fields) -> listed.put(fields[1], fields[0]));
		Map<String, String> shipped = new TreeMap<>();
		for (String pattern : new String[] { "kubernetes/*.json", "crds/*.yaml" }) {
			for (Resource file : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:" + ManifestSchemas.BUILT_IN + pattern)) {
				shipped.put(pattern.substring(0, pattern.indexOf('/') + 1) + file.getFilename(), sha256(file));
			}
		}
		assertThat(shipped).hasSize(12).isEqualTo(listed);
	}

	@Test
	void knowsEveryKindTheRendererWrites() {
		ManifestSchemas schemas = TestSchemas.builtIn();
		for (String kind : new String[] { "v1 Namespace", "apps/v1 Deployment", "argoproj.io/v1alpha1 Application",
				"argoproj.io/v1alpha1 AppProject", "kustomize.toolkit.fluxcd.io/v1 Kustomization",
				"source.toolkit.fluxcd.io/v1 GitRepository", "postgresql.cnpg.io/v1 Cluster",
				"postgresql.cnpg.io/v1 ScheduledBackup", "barmancloud.cnpg.io/v1 ObjectStore",
				"cert-manager.io/v1 Certificate", "external-secrets.io/v1 ExternalSecret",
				"traefik.io/v1alpha1 IngressRoute", "traefik.io/v1alpha1 Middleware" }) {
			assertThat(schemas.knows(kind.split(" ")[0], kind.split(" ")[1])).as(kind).isTrue();
		}
	}

	@Test
	void readsAPlatformTeamsExportFromAFolder(@TempDir Path export) throws IOException {
		Files.createDirectories(export.resolve("kubernetes"));
		Files.createDirectories(export.resolve("crds"));
		copy("kubernetes/kubernetes-1.35.0-openapi.json", export);
		copy("crds/cert-manager.io_certificates.yaml", export);
		ManifestSchemas schemas = ManifestSchemas.load(export);
		assertThat(schemas.knows("apps/v1", "Deployment")).isTrue();
		assertThat(schemas.knows("cert-manager.io/v1", "Certificate")).isTrue();
		assertThat(schemas.knows("argoproj.io/v1alpha1", "Application")).isFalse();
	}

	@Test
	void refusesAFolderWithoutKubernetesDefinitions(@TempDir Path export) throws IOException {
		assertThatIOException().isThrownBy(() -> ManifestSchemas.load(export))
			.withMessageContaining("No Kubernetes definitions");
		assertThatIOException().isThrownBy(() -> ManifestSchemas.load(export.resolve("missing")))
			.withMessageContaining("Not a folder of schemas");
	}

	private static void copy(String file, Path export) throws IOException {
		try (InputStream in = new ClassPathResource(ManifestSchemas.BUILT_IN + file).getInputStream()) {
			Files.copy(in, export.resolve(file));
		}
	}

	private static String sha256(Resource file) throws IOException, NoSuchAlgorithmException {
		try (InputStream in = file.getInputStream()) {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
		}
	}

}
