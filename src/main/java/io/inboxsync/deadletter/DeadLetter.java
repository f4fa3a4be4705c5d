package io.inboxsync.deadletter;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An event, or one contact's delivery of it, that could not be delivered, with what an
 * operator needs to act on it.
 *
 * @param stage where it failed: {@code mapping}, {@code lookup}, {@code conversation} or
 * {@code send}
 * @param reason Wix's status and error, or our own validation message
 * @param wixStatus the HTTP status Wix answered, when the failure was Wix's answer
 * @param event the event as it was queued (JSON), or the raw message when it was not an
 * event
 * @param closedAt when an operator replayed or discarded it
 * @param maybeInWixSince when an attempt whose answer was lost or a 5xx began: Wix may
 * hold the message since then, so a replay reads the conversation back to it before
 * sending; {@code null} when no attempt may have reached Wix
 * @param traceId the trace of the last failure (README, "Tracing"), or {@code null} when
 * it happened outside one
 */
public record DeadLetter(String id, String eventId, String source, String contactId, String stage, String reason,
		Integer wixStatus, int attempts, Instant firstFailedAt, Instant lastFailedAt, @JsonIgnore String event,
		Status status, Instant closedAt, Instant maybeInWixSince, String traceId) {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * The event as JSON in the API's answers; a payload that is not JSON comes as a
	 * string rather than break them.
	 */
	@JsonProperty("event")
	public Object eventAsJson() {
		try {
			return JSON.readTree(this.event);
		}
		catch (JsonProcessingException ex) {
			return this.event;
		}
	}

	public enum Status {

		OPEN, REPLAYED, DISCARDED

	}

}
