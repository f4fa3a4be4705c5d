package io.inboxsync.sandbox;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Collects a request's broken rules under Wix's rule names, and fails with all of them at once. */
final class Violations {

	private static final Pattern GUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	private final List<WixError.FieldViolation> found = new ArrayList<>();

	/** The node at {@code field}, reported as missing when it is absent or null. */
	JsonNode required(JsonNode parent, String name, String field) {
		JsonNode value = parent.path(name);
		if (value.isMissingNode() || value.isNull()) {
			add(field, "must not be empty", "REQUIRED_FIELD");
		}
		return value;
	}

	void text(JsonNode value, String field, int min, int max) {
		if (value.isMissingNode() || value.isNull()) {
			return;
		}
		if (!value.isTextual()) {
			add(field, "must be a string", "FORMAT");
		}
		else if (value.asText().length() < min) {
			add(field, "must not be shorter than " + min, "MIN_LENGTH");
		}
		else if (value.asText().length() > max) {
			add(field, "must not be longer than " + max, "MAX_LENGTH");
		}
	}

	void guid(JsonNode value, String field) {
		if (value.isTextual() && !GUID.matcher(value.asText()).matches()) {
			add(field, "must be a valid GUID", "FORMAT");
		}
	}

	void webUrl(JsonNode value, String field) {
		if (value.isMissingNode() || value.isNull()) {
			return;
		}
		text(value, field, 1, 2000);
		if (value.isTextual() && !isWebUrl(value.asText())) {
			add(field, "must be a valid web URL", "FORMAT");
		}
	}

	void oneOf(JsonNode value, String field, Set<String> allowed) {
		if (value.isTextual() && !allowed.contains(value.asText())) {
			add(field, "must be one of " + allowed, "OTHER");
		}
	}

	void size(JsonNode array, String field, int min, int max) {
		if (array.isMissingNode() || array.isNull()) {
			return;
		}
		if (!array.isArray()) {
			add(field, "must be an array", "FORMAT");
		}
		else if (array.size() < min) {
			add(field, "must have at least " + min + " items", "MIN_SIZE");
		}
		else if (array.size() > max) {
			add(field, "must have at most " + max + " items", "MAX_SIZE");
		}
	}

	/** Exactly one of the keys is set: Wix's one-of fields. */
	String exactlyOne(JsonNode parent, String field, Set<String> keys) {
		List<String> present = keys.stream().filter((key) -> !parent.path(key).isMissingNode()).sorted().toList();
		if (present.size() != 1) {
			add(field, "must have exactly one of " + keys.stream().sorted().toList() + ", found " + present, "OTHER");
			return null;
		}
		return present.get(0);
	}

	void add(String field, String description, String rule) {
		this.found.add(new WixError.FieldViolation(field, description, rule));
	}

	void throwIfAny() {
		if (!this.found.isEmpty()) {
			throw WixError.invalid(List.copyOf(this.found));
		}
	}

	static boolean isWebUrl(String url) {
		try {
			URI uri = URI.create(url);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
