package health.haven.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keycloak from Maven Central (unpacked by this module's build into
 * {@code target/keycloak}), started in development mode on loopback with a realm imported
 * at start, its database in memory: every start is a fresh provider. When it cannot
 * start, the test that needs it fails; it never skips.
 */
final class KeycloakServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final Path log;

	private final int port;

	private final String realm;

	private KeycloakServer(Process process, Path log, int port, String realm) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.realm = realm;
	}

	/**
	 * Starts Keycloak with the realm file imported, the placeholders in it filled from
	 * the environment given, and waits until the realm answers.
	 */
	static KeycloakServer start(Path realmFile, Map<String, String> environment, Path log) throws IOException {
		return start(realmFile, environment, log, PortalProcess.freePort());
	}

	/**
	 * Starts Keycloak on the given port: one whose issuer was handed out before it ran.
	 */
	static KeycloakServer start(Path realmFile, Map<String, String> environment, Path log, int port)
			throws IOException {
		Path home = home();
		Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
		try (Stream<Path> earlier = Files.list(imports)) {
			for (Path file : earlier.toList()) {
				Files.delete(file);
			}
		}
		Files.copy(realmFile, imports.resolve(realmFile.getFileName()));
		String realm = realm(realmFile);
		int management = PortalProcess.freePort();
		ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin").resolve("kc.sh").toString(),
				"start-dev", "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management,
				"--db=dev-mem", "--import-realm"));
		// its own Java: the one that runs the tests
		String javaHome = System.getProperty("java.home");
		builder.environment().put("JAVA_HOME", javaHome);
		builder.environment().put("JAVA", Path.of(javaHome, "bin", "java").toString());
		builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
		builder.environment()
			.put("JAVA_OPTS_APPEND", "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")));
		builder.environment().putAll(environment);
		Files.createDirectories(log.getParent());
		KeycloakServer server = new KeycloakServer(
				builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log, port, realm);
		server.awaitUp();
		return server;
	}

	private static Path home() throws IOException {
		Path unpacked = Path.of(System.getProperty("haven.keycloak.dir", "target/keycloak"));
		if (Files.isDirectory(unpacked)) {
			try (Stream<Path> versions = Files.list(unpacked)) {
				Path home = versions.filter((dir) -> Files.isExecutable(dir.resolve("bin").resolve("kc.sh")))
					.findFirst()
					.orElse(null);
				if (home != null) {
					return home;
				}
			}
		}
		throw new IllegalStateException("Keycloak is not unpacked in " + unpacked.toAbsolutePath()
				+ ": the build of src/test unpacks it (./mvnw verify, or process-test-resources)");
	}

	/**
	 * The realm's issuer, as tokens name it.
	 */
	String issuer() {
		return issuer(this.port, this.realm);
	}

	/**
	 * The issuer a Keycloak on the given port will have for the realm of the file.
	 */
	static String issuer(int port, Path realmFile) throws IOException {
		return issuer(port, realm(realmFile));
	}

	private static String issuer(int port, String realm) {
		return "http://127.0.0.1:" + port + "/realms/" + realm;
	}

	private static String realm(Path realmFile) throws IOException {
		return JSON.readTree(realmFile.toFile()).path("realm").asString();
	}

	/**
	 * A client-credentials access token for a client of the realm.
	 */
	String clientToken(String clientId, String secret) throws IOException, InterruptedException {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).path("access_token").asString();
	}

	/**
	 * The claims of a token, read without checking it (the portal checks it).
	 */
	static JsonNode claims(String token) {
		String payload = token.split("\\.")[1];
		return JSON.readTree(Base64.getUrlDecoder().decode(payload));
	}

	private void awaitUp() {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak stopped while starting:\n" + Files.readString(this.log));
			}
			try {
				return http
					.send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	@Override
	public void close() throws InterruptedException {
		// kc.sh runs Java as its child: stop both
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
		}
	}

}
