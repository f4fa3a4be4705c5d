package io.inboxsync.source;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.web.JsonProblem;
import org.apache.camel.Body;
import org.apache.camel.Header;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads a source's payload into maps and lists, which JSONPath and simple both read: a
 * JSON document, or a form-encoded body ({@code From=%2B14155550123&Body=Hi}) as one JSON
 * object of its fields, so a source maps both the same way ({@code $.From}). A field sent
 * twice becomes a list.
 */
@Component("payloadParser")
public class PayloadParser {

	/** The content type SMS and telephony providers post. */
	public static final String FORM = "application/x-www-form-urlencoded";

	private final ObjectReader json;

	public PayloadParser(ObjectMapper objectMapper) {
		// One JSON value per payload: {"a": 1} xyz is refused, not read as {"a": 1}.
		this.json = objectMapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/** A JSON payload: a file, a line of a file, a queued message. */
	public Object parseJson(@Body String body) {
		return parse(body, null);
	}

	/** A webhook's payload, by its content type: form-encoded, or else JSON. */
	public Object parse(@Body String body, @Header("Content-Type") String contentType) {
		if (body == null || body.isBlank()) {
			throw new InvalidEventException("the body is empty");
		}
		if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
			return parseForm(body, formCharset(contentType));
		}
		try {
			return this.json.readValue(body);
		}
		catch (JsonProcessingException ex) {
			// Jackson's own message may quote the payload or name Java classes: the
			// reason is ours, with the place.
			throw new InvalidEventException("the body is not valid JSON: " + JsonProblem.of(ex));
		}
	}

	private static Map<String, Object> parseForm(String body, Charset charset) {
		String trimmed = body.trim();
		if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
			throw new InvalidEventException(
					"the body is JSON but was sent as " + FORM + "; send it as application/json");
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		for (String pair : body.trim().split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, charset);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1), charset) : "";
			fields.merge(name, value, PayloadParser::asList);
		}
		return fields;
	}

	@SuppressWarnings("unchecked")
	private static Object asList(Object existing, Object added) {
		List<Object> values = (existing instanceof List<?>) ? (List<Object>) existing
				: new ArrayList<>(List.of(existing));
		values.add(added);
		return values;
	}

	private static String decode(String text, Charset charset) {
		try {
			return URLDecoder.decode(text, charset);
		}
		catch (IllegalArgumentException ex) {
			// URLDecoder's message quotes the field: the reason says what is wrong, not
			// what was sent.
			throw new InvalidEventException(
					"the form body is not valid form encoding: a % must be followed by two hexadecimal digits");
		}
	}

	/**
	 * The charset a form's %-escapes stand for: the declared one, or UTF-8 (the webhook
	 * guard refused unknown ones).
	 */
	private static Charset formCharset(String contentType) {
		try {
			Charset declared = MediaType.parseMediaType(contentType).getCharset();
			return (declared != null) ? declared : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

}
