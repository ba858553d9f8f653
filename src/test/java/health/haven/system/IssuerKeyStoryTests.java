package health.haven.system;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import health.haven.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token of the embedded issuer outlives the portal process that issued it: the
 * ticketing system's token still works after the portal restarts.
 */
class IssuerKeyStoryTests {

	private PortalProcess portal;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.portal != null) {
			this.portal.stop();
		}
	}

	@Test
	void aTokenIssuedBeforeARestartIsAcceptedAfterIt() throws Exception {
		Path data = Files.createTempDirectory("haven-issuer-");
		this.portal = PortalProcess.start(data, Path.of("target", "issuer", "1-before.log"));
		ApiClient before = new ApiClient(this.portal.base()).withToken();
		String token = before.token();
		assertThat(before.get("/api/v1/catalog").status()).isEqualTo(200);
		this.portal.stop();

		this.portal = PortalProcess.start(data, Path.of("target", "issuer", "2-after.log"));
		ApiClient after = new ApiClient(this.portal.base()).withBearer(token);
		assertThat(after.get("/api/v1/catalog").status()).isEqualTo(200);
	}

}
