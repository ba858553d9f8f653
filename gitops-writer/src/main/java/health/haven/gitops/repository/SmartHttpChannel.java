package health.haven.gitops.repository;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.eclipse.jgit.transport.PacketLineIn;
import org.eclipse.jgit.transport.URIish;

/**
 * Smart HTTP: the advertisement from {@code info/refs}, the request as one POST, with the
 * configured user and password or token sent up front.
 */
final class SmartHttpChannel implements ReceivePackChannel {

	private static final String SERVICE = "git-receive-pack";

	private final HttpClient client;

	private final String authorization;

	private final List<InputStream> bodies = new ArrayList<>();

	private URI repository;

	/**
	 * @param username the configured user, else the URL's
	 */
	SmartHttpChannel(HttpClient client, URIish uri, String username, String password) {
		this.client = client;
		String url = uri.setUser(null).setPass(null).toString();
		this.repository = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
		String user = (username != null && !username.isBlank()) ? username : uri.getUser();
		String secret = (password != null) ? password : uri.getPass();
		this.authorization = (user != null)
				? "Basic " + Base64.getEncoder()
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
			.timeout(ReceivePackChannel.READ_TIMEOUT)
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
