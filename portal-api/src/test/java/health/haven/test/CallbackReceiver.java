package health.haven.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ticketing system's callback endpoint on loopback: a real HTTP server that records
 * every POST it receives (headers and body) and answers with the status set.
 */
public final class CallbackReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(204);

	public CallbackReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					Map.copyOf(exchange.getRequestHeaders()), body));
			exchange.sendResponseHeaders(this.status.get(), -1);
			exchange.close();
		});
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/**
	 * Answers every later callback with the status.
	 */
	public void answer(int status) {
		this.status.set(status);
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	public record Received(String method, String path, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.map((header) -> header.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
