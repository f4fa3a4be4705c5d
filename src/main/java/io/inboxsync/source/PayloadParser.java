package io.inboxsync.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Body;
import org.apache.camel.Header;

import org.springframework.stereotype.Component;

/**
 * Reads a source's payload into maps and lists, which JSONPath and simple both read: a JSON document, or a
 * form-encoded body ({@code From=%2B14155550123&Body=Hi}) as one JSON object of its fields, so a source maps both the
 * same way ({@code $.From}). A field sent twice becomes a list.
 */
@Component("payloadParser")
public class PayloadParser {

	/** The content type SMS and telephony providers post. */
	public static final String FORM = "application/x-www-form-urlencoded";

	private final ObjectMapper objectMapper;

	public PayloadParser(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
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
			return parseForm(body);
		}
		try {
			return this.objectMapper.readValue(body, Object.class);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException("the body is not valid JSON: " + ex.getOriginalMessage()
					+ ((ex.getLocation() != null) ? " at line " + ex.getLocation().getLineNr() + ", column "
							+ ex.getLocation().getColumnNr() : ""));
		}
	}

	private static Map<String, Object> parseForm(String body) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (String pair : body.trim().split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			fields.merge(name, value, PayloadParser::asList);
		}
		return fields;
	}

	@SuppressWarnings("unchecked")
	private static Object asList(Object existing, Object added) {
		List<Object> values = (existing instanceof List<?>) ? (List<Object>) existing : new ArrayList<>(List.of(existing));
		values.add(added);
		return values;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("the form body is not valid form encoding: " + ex.getMessage());
		}
	}

}
