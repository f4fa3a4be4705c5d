package io.inboxsync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stand-ins for the channels replies go to (Twilio's Messages API, WhatsApp's Cloud API,
 * any HTTP channel): one small HTTP server for the whole test run, which records every
 * request and answers 200 unless a test scripted other answers for a path.
 */
public final class StandInChannels {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

	private StandInChannels(HttpServer server) {
		this.server = server;
	}

	public static StandInChannels start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			StandInChannels channels = new StandInChannels(server);
			server.createContext("/", channels::answer);
			server.setExecutor(Executors.newFixedThreadPool(4, (task) -> {
				Thread thread = new Thread(task, "stand-in-channels");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return channels;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	/**
	 * The next requests whose body holds {@code marker} get these statuses, in turn; then
	 * 200 again.
	 */
	public void answer(String marker, Integer... statuses) {
		this.scripted.computeIfAbsent(marker, (key) -> new ArrayDeque<>()).addAll(List.of(statuses));
	}

	/** The requests whose body holds this text (URL-encoded or not), oldest first. */
	public List<Request> requestsHolding(String text) {
		String encoded = java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
		List<Request> found = new ArrayList<>();
		for (Request request : this.requests) {
			if (request.body().contains(text) || request.body().contains(encoded)) {
				found.add(request);
			}
		}
		return found;
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		int status = 200;
		for (Map.Entry<String, Deque<Integer>> script : this.scripted.entrySet()) {
			if (body.contains(script.getKey())
					|| body.contains(java.net.URLEncoder.encode(script.getKey(), StandardCharsets.UTF_8))) {
				synchronized (script.getValue()) {
					Integer next = script.getValue().poll();
					status = (next != null) ? next : 200;
				}
			}
		}
		this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
		byte[] answer = ((status < 300) ? "{\"sid\":\"SM-stand-in\"}"
				: "{\"code\":" + status + ",\"message\":\"refused by the stand-in\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	/** A request a channel received, and the status it answered. */
	public record Request(String method, String path, String authorization, String contentType, String body,
			int status) {
	}

}
