package health.haven.gitops.repository;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.eclipse.jgit.transport.PacketLineIn;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.QuotedString;

/**
 * A conversation with a remote's receive-pack service, over whichever transport the
 * remote's URL names: first the server's advertisement, then one request (commands and
 * pack) and its report. {@link SendPack} speaks the protocol over it.
 */
interface ReceivePackChannel extends Closeable {

	Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	Duration READ_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The server's refs and capabilities, as pkt-lines up to a flush.
	 */
	InputStream advertisement() throws IOException;

	/**
	 * Sends the commands and the pack; the server's report comes back.
	 */
	InputStream send(byte[] request) throws IOException;

	/**
	 * Over a byte stream in each direction ({@code git daemon}, SSH): closing before a
	 * request was sent says "nothing to do" with a flush, so the server ends cleanly.
	 */
	abstract class Streams implements ReceivePackChannel {

		private InputStream in;

		private OutputStream out;

		private boolean sent;

		final void connected(InputStream in, OutputStream out) {
			this.in = new BufferedInputStream(in);
			this.out = out;
		}

		final OutputStream out() {
			return this.out;
		}

		@Override
		public InputStream advertisement() {
			return this.in;
		}

		@Override
		public InputStream send(byte[] request) throws IOException {
			this.sent = true;
			this.out.write(request);
			this.out.flush();
			return this.in;
		}

		@Override
		public void close() throws IOException {
			try {
				if (!this.sent && this.out != null) {
					new PacketLineOut(this.out).end();
				}
			}
			catch (IOException ex) {
				// the server may be gone already: there is nothing left to tell it
			}
			finally {
				disconnect();
			}
		}

		abstract void disconnect() throws IOException;

	}

	/**
	 * {@code git://}: a TCP connection to {@code git daemon}, asking for receive-pack.
	 */
	final class Daemon extends Streams {

		private static final int GIT_PORT = 9418;

		private final Socket socket = new Socket();

		Daemon(URIish uri) throws IOException {
			int port = (uri.getPort() > 0) ? uri.getPort() : GIT_PORT;
			this.socket.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
			// the request is written whole: nothing to gain from batching small writes
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			connected(this.socket.getInputStream(), this.socket.getOutputStream());
			PacketLineOut service = new PacketLineOut(out());
			service.writeString("git-receive-pack " + uri.getPath() + "\0host=" + uri.getHost()
					+ ((port != GIT_PORT) ? ":" + port : "") + "\0");
			service.flush();
		}

		@Override
		void disconnect() throws IOException {
			this.socket.close();
		}

	}

	/**
	 * SSH: {@code git-receive-pack} run through the session factory the writer configured
	 * (its key, its known hosts).
	 */
	final class Ssh extends Streams {

		private final SshSessionFactory factory;

		private final RemoteSession session;

		private final Process process;

		Ssh(URIish uri, SshSessionFactory factory) throws IOException {
			this.factory = factory;
			this.session = factory.getSession(uri, null, FS.DETECTED, (int) CONNECT_TIMEOUT.toMillis());
			String path = uri.getPath();
			if (uri.getScheme() != null && path.startsWith("/~")) {
				path = path.substring(1);
			}
			try {
				this.process = this.session.exec("git-receive-pack " + QuotedString.BOURNE.quote(path),
						(int) READ_TIMEOUT.toSeconds());
			}
			catch (IOException ex) {
				factory.releaseSession(this.session);
				throw ex;
			}
			connected(this.process.getInputStream(), this.process.getOutputStream());
		}

		@Override
		void disconnect() {
			this.process.destroy();
			this.factory.releaseSession(this.session);
		}

	}

	/**
	 * Smart HTTP: the advertisement from {@code info/refs}, the request as one POST, with
	 * the configured user and password or token sent up front.
	 */
	final class SmartHttp implements ReceivePackChannel {

		private static final String SERVICE = "git-receive-pack";

		private final HttpClient client;

		private final String authorization;

		private final List<InputStream> bodies = new ArrayList<>();

		private URI repository;

		/**
		 * @param username the configured user, else the URL's
		 */
		SmartHttp(HttpClient client, URIish uri, String username, String password) {
			this.client = client;
			String url = uri.setUser(null).setPass(null).toString();
			this.repository = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
			String user = (username != null && !username.isBlank()) ? username : uri.getUser();
			String secret = (password != null) ? password : uri.getPass();
			this.authorization = (user != null) ? "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + ((secret != null) ? secret : "")).getBytes(StandardCharsets.UTF_8))
					: null;
		}

		@Override
		public InputStream advertisement() throws IOException {
			HttpResponse<InputStream> response = exchange(
					request(URI.create(this.repository + "/info/refs?service=" + SERVICE)).GET(),
					"application/x-" + SERVICE + "-advertisement");
			// a redirect moves the repository: the POST goes where the advertisement came
			// from
			String answered = response.uri().toString();
			int service = answered.indexOf("/info/refs");
			if (service < 0) {
				throw new IOException("The GitOps remote redirected the advertisement to " + response.uri().getPath());
			}
			this.repository = URI.create(answered.substring(0, service));
			InputStream body = response.body();
			PacketLineIn lines = new PacketLineIn(body);
			String first = lines.readString();
			if (!first.equals("# service=" + SERVICE)) {
				throw new IOException("Not a smart HTTP advertisement: " + first);
			}
			if (!PacketLineIn.isEnd(lines.readString())) {
				throw new IOException("Not a smart HTTP advertisement: no flush after the service line");
			}
			return body;
		}

		@Override
		public InputStream send(byte[] request) throws IOException {
			return exchange(request(URI.create(this.repository + "/" + SERVICE))
				.header("Content-Type", "application/x-" + SERVICE + "-request")
				.header("Accept", "application/x-" + SERVICE + "-result")
				.POST(HttpRequest.BodyPublishers.ofByteArray(request)), "application/x-" + SERVICE + "-result").body();
		}

		private HttpRequest.Builder request(URI uri) {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(READ_TIMEOUT)
				.header("User-Agent", "git/haven")
				.header("Pragma", "no-cache");
			return (this.authorization != null) ? request.header("Authorization", this.authorization) : request;
		}

		private HttpResponse<InputStream> exchange(HttpRequest.Builder request, String contentType) throws IOException {
			HttpResponse<InputStream> response;
			try {
				response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while talking to the GitOps remote", ex);
			}
			String type = response.headers().firstValue("Content-Type").orElse("");
			if (response.statusCode() != 200 || !type.startsWith(contentType)) {
				response.body().close();
				throw new IOException("The GitOps remote answered " + response.statusCode() + " (" + type + ") to "
						+ response.request().method() + " " + response.uri().getPath());
			}
			this.bodies.add(response.body());
			return response;
		}

		@Override
		public void close() throws IOException {
			for (InputStream body : this.bodies) {
				body.close();
			}
		}

	}

}
