package io.inboxsync.reply;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inboxsync.event.MappingExpression;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The calls the reply sink templates make (routes/templates/reply-sinks.yaml): a generic
 * HTTP call whose body maps the reply's fields, and presets for Twilio's Messages API and
 * WhatsApp's Cloud API. Secrets are read from configuration when the call is made, so
 * they never sit in a route's definition. A channel's 2xx is success; its 429 and 5xx, or
 * no answer, may succeed later; any other status will not.
 */
@Component("replySinks")
public class ReplySinks {

	private static final Logger log = LoggerFactory.getLogger(ReplySinks.class);

	/** A template parameter left at its default. */
	static final String NONE = "none";

	/**
	 * Long digit runs (a phone number) and emails in a channel's error are not repeated.
	 */
	private static final Pattern DIGITS = Pattern.compile("\\d{5,}");

	private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>@]+@");

	private static final int DETAIL_LIMIT = 300;

	private static final int ANSWER_READ_LIMIT = 4096;

	private final ReplyProperties properties;

	private final Environment environment;

	private final ObjectMapper objectMapper;

	private final HttpClient http;

	private final IdempotentRepository partsTaken;

	private final SentReplies sent;

	public ReplySinks(ReplyProperties properties, Environment environment, ObjectMapper objectMapper,
			@Qualifier("inboxSyncReplyParts") IdempotentRepository partsTaken, SentReplies sent) {
		this.properties = properties;
		this.environment = environment;
		this.objectMapper = objectMapper;
		this.partsTaken = partsTaken;
		this.sent = sent;
		this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
	}

	/**
	 * Twilio SMS (or MMS with the reply's media): one message from the configured number
	 * to the customer's phone.
	 */
	public void twilioSms(Reply reply, String sink) {
		ReplyProperties.Twilio twilio = this.properties.twilio();
		require(sink, "inbox-sync.replies.twilio.account-sid", twilio.accountSid());
		require(sink, ReplyProperties.Twilio.AUTH_TOKEN, twilio.authToken());
		require(sink, "inbox-sync.replies.twilio.from", twilio.from());
		String to = phone(reply, sink);
		List<String[]> form = new ArrayList<>();
		form.add(new String[] { "To", to });
		form.add(new String[] { "From", twilio.from() });
		if (!reply.text().isEmpty()) {
			form.add(new String[] { "Body", reply.text() });
		}
		if (reply.media() != null) {
			reply.media().forEach((media) -> form.add(new String[] { "MediaUrl", media.url() }));
		}
		boolean reported = StringUtils.hasText(twilio.statusCallbackUrl());
		if (reported) {
			form.add(new String[] { "StatusCallback", twilio.statusCallbackUrl() });
		}
		String answer = call(sink,
				HttpRequest
					.newBuilder(URI.create(stripSlash(twilio.apiUrl()) + "/2010-04-01/Accounts/"
							+ URLEncoder.encode(twilio.accountSid(), StandardCharsets.UTF_8) + "/Messages.json"))
					.header("Authorization", basic(twilio.accountSid(), twilio.authToken()))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form(form))));
		if (reported) {
			// Twilio reports the message's delivery later by its sid.
			rememberSent(answer, "sid", reply, 0, 1);
		}
	}

	/**
	 * WhatsApp Cloud API: the text as a text message, each image as an image message and
	 * each file as a document message, to the customer's WhatsApp id (their phone's
	 * digits).
	 */
	public void whatsApp(Reply reply, String sink) {
		ReplyProperties.WhatsApp whatsApp = this.properties.whatsapp();
		require(sink, "inbox-sync.replies.whatsapp.phone-number-id", whatsApp.phoneNumberId());
		require(sink, "inbox-sync.replies.whatsapp.access-token", whatsApp.accessToken());
		String to = phone(reply, sink).replaceAll("[^0-9]", "");
		URI messages = URI.create(stripSlash(whatsApp.apiUrl()) + "/"
				+ URLEncoder.encode(whatsApp.phoneNumberId(), StandardCharsets.UTF_8) + "/messages");
		List<ObjectNode> bodies = new ArrayList<>();
		if (!reply.text().isEmpty()) {
			ObjectNode text = whatsAppMessage(to, "text");
			text.putObject("text").put("body", reply.text());
			bodies.add(text);
		}
		if (reply.media() != null) {
			for (Reply.Media media : reply.media()) {
				boolean image = Reply.Media.IMAGE.equals(media.kind());
				ObjectNode message = whatsAppMessage(to, image ? "image" : "document");
				ObjectNode link = message.putObject(image ? "image" : "document").put("link", media.url());
				if (!image && media.filename() != null) {
					link.put("filename", media.filename());
				}
				bodies.add(message);
			}
		}
		for (int part = 0; part < bodies.size(); part++) {
			// A part WhatsApp took is not sent again when a later part is retried or
			// replayed.
			String partKey = partKey(reply, part);
			if (bodies.size() > 1 && this.partsTaken.contains(partKey)) {
				continue;
			}
			String answer = call(sink,
					HttpRequest.newBuilder(messages)
						.header("Authorization", "Bearer " + whatsApp.accessToken())
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(bodies.get(part).toString())));
			if (bodies.size() > 1) {
				this.partsTaken.add(partKey);
			}
			rememberSent(answer, "messages/0/id", reply, part, bodies.size());
		}
	}

	/** The key of a reply's part in the parts ledger. */
	static String partKey(Reply reply, int part) {
		return reply.messageId() + "#" + part;
	}

	/**
	 * The channel's id for the message it took (at {@code idPointer} in its answer:
	 * Twilio's {@code sid}, WhatsApp's {@code messages[0].id}), so that a failure it
	 * reports later finds the reply. Never throws: the channel has the message.
	 */
	private void rememberSent(String answer, String idPointer, Reply reply, int part, int parts) {
		try {
			String id = this.objectMapper.readTree(answer).at("/" + idPointer).asText("");
			if (!id.isEmpty()) {
				this.sent.remember(id, reply, part, parts);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("The channel took part {} of reply {}, but its id could not be kept: a failure it reports later "
					+ "will not be seen ({})", part + 1, reply.messageId(), ex.toString());
		}
	}

	private ObjectNode whatsAppMessage(String to, String type) {
		ObjectNode message = this.objectMapper.createObjectNode();
		message.put("messaging_product", "whatsapp");
		message.put("recipient_type", "individual");
		message.put("to", to);
		message.put("type", type);
		return message;
	}

	/**
	 * Any HTTP channel: a JSON or form body of fields mapped from the reply
	 * ({@code to=$.to&text=$.text&channel=sms}: JSONPaths on the reply, or constants),
	 * with an Authorization header, or basic auth, read from the properties named.
	 * @param fields {@code name=value} pairs joined by {@code &}
	 * @param authorization the property holding the Authorization header's value, or
	 * {@code none}
	 * @param username the property holding the basic auth user, or {@code none}
	 * @param password the property holding the basic auth password, or {@code none}
	 */
	public void http(Reply reply, String sink, String url, String method, String format, String fields,
			String authorization, String username, String password) {
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, Object> payload = payload(reply);
		for (String field : fields.split("&")) {
			int equals = field.indexOf('=');
			if (equals <= 0) {
				throw ChannelException.refused("reply sink " + sink + ": field '" + field + "' is not name=value");
			}
			Object value = MappingExpression.parse(field.substring(equals + 1)).evaluate(payload);
			if (value != null) {
				values.put(field.substring(0, equals).trim(), value);
			}
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		String body;
		if ("form".equals(format)) {
			List<String[]> form = new ArrayList<>();
			values.forEach((name, value) -> form.add(new String[] { name, String.valueOf(value) }));
			body = form(form);
			request.header("Content-Type", "application/x-www-form-urlencoded");
		}
		else {
			body = this.objectMapper.valueToTree(values).toString();
			request.header("Content-Type", "application/json");
		}
		if (!NONE.equals(authorization)) {
			request.header("Authorization", secret(sink, authorization));
		}
		else if (!NONE.equals(username)) {
			request.header("Authorization", basic(secret(sink, username), secret(sink, password)));
		}
		call(sink, request.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	/** The reply as a sink's JSONPaths read it, with {@code to} added. */
	private Map<String, Object> payload(Reply reply) {
		@SuppressWarnings("unchecked")
		Map<String, Object> payload = this.objectMapper.convertValue(reply, Map.class);
		if (reply.to() != null) {
			payload.put("to", reply.to());
		}
		return payload;
	}

	/** The channel's answer, up to its first {@value #ANSWER_READ_LIMIT} bytes. */
	private String call(String sink, HttpRequest.Builder request) {
		HttpResponse<InputStream> response;
		String answer;
		try {
			response = this.http.send(request.timeout(this.properties.timeout()).build(),
					HttpResponse.BodyHandlers.ofInputStream());
			// Only the start of an answer is kept: a channel's answer is never held
			// whole.
			try (InputStream body = response.body()) {
				answer = new String(body.readNBytes(ANSWER_READ_LIMIT), StandardCharsets.UTF_8);
			}
		}
		catch (HttpTimeoutException ex) {
			throw ChannelException.unreachable(sink, "no answer within " + this.properties.timeout());
		}
		catch (IOException ex) {
			throw ChannelException.unreachable(sink, ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ChannelException.unreachable(sink, "interrupted");
		}
		int status = response.statusCode();
		if (status < 200 || status >= 300) {
			throw ChannelException.answered(sink, status, detail(answer),
					response.headers().firstValue("Retry-After").orElse(null));
		}
		return answer;
	}

	/**
	 * The start of a channel's error, numbers masked: enough to say what it objected to.
	 */
	static String detail(String body) {
		if (body == null) {
			return null;
		}
		String detail = DIGITS.matcher(body.replaceAll("\\s+", " ").trim()).replaceAll("***");
		detail = EMAIL.matcher(detail).replaceAll("***@");
		return (detail.length() > DETAIL_LIMIT) ? detail.substring(0, DETAIL_LIMIT) + "…" : detail;
	}

	private String secret(String sink, String property) {
		String value = this.environment.getProperty(property);
		require(sink, property, value);
		return value;
	}

	private static void require(String sink, String property, String value) {
		if (!StringUtils.hasText(value)) {
			throw ChannelException.refused("reply sink " + sink + " is not configured: set " + property);
		}
	}

	private static String phone(Reply reply, String sink) {
		if (reply.phone() == null) {
			throw ChannelException
				.refused("reply sink " + sink + " needs the customer's phone, and their channel knows none");
		}
		return reply.phone();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static String form(List<String[]> fields) {
		StringBuilder form = new StringBuilder();
		for (String[] field : fields) {
			if (form.length() > 0) {
				form.append('&');
			}
			form.append(URLEncoder.encode(field[0], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
		}
		return form.toString();
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
