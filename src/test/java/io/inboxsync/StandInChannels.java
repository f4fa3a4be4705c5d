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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stand-ins for the channels replies go to (Twilio's Messages API, WhatsApp's Cloud API,
 * any HTTP channel): one small HTTP server for the whole test run, which records every
 * request and answers 200 unless a test scripted other answers for a path. It also serves
 * files a test puts there, to GETs: a provider's media, and WhatsApp's media with the
 * Graph API's description of it; any other GET answers 404.
 */
public final class StandInChannels {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

	/** What a GET of a path answers: its type and bytes. */
	private final Map<String, File> files = new ConcurrentHashMap<>();

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

	/** Serves these bytes at this path (from the root), to GETs; returns the URL. */
	public String serve(String path, String contentType, byte[] bytes) {
		this.files.put(path, new File(contentType, bytes));
		return url() + path;
	}

	/**
	 * Plays WhatsApp's media: {@code GET <whatsAppApiUrl>/<mediaId>} describes it as the
	 * Graph API does, with a URL on this stand-in where a GET answers its bytes.
	 * @param whatsAppApiPath the path of the Graph API's URL, with its version
	 */
	public void whatsAppMedia(String whatsAppApiPath, String mediaId, String mimeType, byte[] bytes) {
		String download = serve("/whatsapp-media/" + mediaId, mimeType, bytes);
		String description = "{\"messaging_product\":\"whatsapp\",\"url\":\"" + download + "\",\"mime_type\":\""
				+ mimeType + "\",\"sha256\":\"stand-in\",\"file_size\":" + bytes.length + ",\"id\":\"" + mediaId
				+ "\"}";
		serve(whatsAppApiPath + "/" + mediaId, "application/json", description.getBytes(StandardCharsets.UTF_8));
	}

	/** The requests to this path, oldest first. */
	public List<Request> requestsTo(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
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
		if ("GET".equals(exchange.getRequestMethod())) {
			serveFile(exchange);
			return;
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
		// Twilio answers a message's sid, WhatsApp its wamid: one answer fits both.
		String answered = (status < 300)
				? "{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "")
						+ "\",\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.stand-in-"
						+ UUID.randomUUID() + "\"}]}"
				: "{\"code\":" + status + ",\"message\":\"refused by the stand-in\"}";
		this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				exchange.getRequestHeaders().getFirst("Content-Type"), body, status, answered));
		byte[] answer = answered.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	private void serveFile(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		File file = this.files.get(path);
		int status = (file != null) ? 200 : 404;
		this.requests.add(
				new Request("GET", path, exchange.getRequestHeaders().getFirst("Authorization"), null, "", status, ""));
		byte[] answer = (file != null) ? file.bytes() : new byte[0];
		if (file != null) {
			exchange.getResponseHeaders().add("Content-Type", file.contentType());
		}
		exchange.sendResponseHeaders(status, (answer.length > 0) ? answer.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	private record File(String contentType, byte[] bytes) {
	}

	/** A request a channel received, and the status and body it answered. */
	public record Request(String method, String path, String authorization, String contentType, String body, int status,
			String answer) {
	}

}
