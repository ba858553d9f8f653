package health.haven.gitops.repository;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

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

}
