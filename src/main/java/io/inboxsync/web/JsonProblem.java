package io.inboxsync.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What is wrong with a JSON document, in our words and with the place: Jackson's own
 * messages quote the payload and name Java classes and Jackson's settings, none of which
 * belongs in an answer or a log.
 */
public final class JsonProblem {

	private JsonProblem() {
	}

	/** For example "it ends too early (line 1, column 23)". */
	public static String of(JsonProcessingException ex) {
		return what(ex) + where(ex.getLocation());
	}

	private static String what(JsonProcessingException ex) {
		if (ex instanceof StreamConstraintsException) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (message.contains("nesting depth")) {
				return "it nests too deeply";
			}
			if (message.contains("Number value length")) {
				return "a number is too long";
			}
			if (message.contains("String value length") || message.contains("Name length")) {
				return "a value is too long";
			}
			return "it is too large";
		}
		if (ex instanceof JsonEOFException) {
			return "it ends too early";
		}
		if (ex instanceof MismatchedInputException
				&& String.valueOf(ex.getOriginalMessage()).startsWith("Trailing token")) {
			return "there is more after the JSON value";
		}
		return "unexpected input";
	}

	private static String where(JsonLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
