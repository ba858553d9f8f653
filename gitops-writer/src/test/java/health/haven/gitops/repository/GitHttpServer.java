package health.haven.gitops.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real smart-HTTP git server for tests, as a forge serves repositories to a token: C
 * git's {@code git http-backend} behind lighttpd, with HTTP Basic authentication, on
 * loopback. Pushes are allowed to an authenticated user.
 */
public final class GitHttpServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path base;

	public GitHttpServer(Path base, String user, String password) throws IOException, InterruptedException {
		this.base = base;
		this.port = Programs.freePort();
		Path lighttpd = Programs.require("lighttpd", "lighttpd");
		Path backend = Programs.require("git-http-backend", "git");
		Path htpasswd = Programs.require("htpasswd", "apache2-utils");
		Path work = Files.createDirectories(base.resolveSibling("http-server"));
		Programs.run(work, htpasswd.toString(), "-bcm", work.resolve("users").toString(), user, password);
		Files.writeString(work.resolve("lighttpd.conf"), """
				server.modules = ("mod_alias", "mod_cgi", "mod_setenv", "mod_auth", "mod_authn_file")
				server.document-root = "%1$s"
				server.bind = "127.0.0.1"
				server.port = %2$d
				server.errorlog = "%1$s/error.log"
				server.pid-file = "%1$s/lighttpd.pid"
				# JGit sends pushes in chunks; stream them to the backend
				server.stream-request-body = 2
				server.stream-response-body = 2
				alias.url = ("/git" => "%3$s")
				$HTTP["url"] =~ "^/git" {
				  cgi.assign = ("" => "")
				  setenv.add-environment = ("GIT_PROJECT_ROOT" => "%4$s", "GIT_HTTP_EXPORT_ALL" => "1")
				  auth.backend = "htpasswd"
				  auth.backend.htpasswd.userfile = "%1$s/users"
				  auth.require = ("" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
				}
				""".formatted(work, this.port, backend, base));
		this.process = new ProcessBuilder(lighttpd.toString(), "-D", "-f", work.resolve("lighttpd.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("lighttpd.out").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> Programs.accepts(this.port));
	}

	public String url(String repository) {
		return "http://127.0.0.1:" + this.port + "/git/" + repository;
	}

	public Path path(String repository) {
		return this.base.resolve(repository);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
