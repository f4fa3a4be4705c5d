package io.inboxsync.reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's reports on the messages sent to customers ({@code statuses} of the Cloud
 * API's {@code messages} webhook field, posted to the same URL as the customers'
 * messages): a reply WhatsApp took but then could not deliver (a {@code failed} status,
 * such as 131047 outside the 24-hour window) becomes a {@code reply} dead letter with
 * WhatsApp's reason ({@link UndeliveredReplies}). Every other report is acknowledged and
 * left.
 */
@Component("whatsAppStatuses")
public class WhatsAppStatuses {

	private static final byte[] STATUSES = "\"statuses\"".getBytes(StandardCharsets.UTF_8);

	private final ObjectMapper objectMapper;

	private final UndeliveredReplies undelivered;

	public WhatsAppStatuses(ObjectMapper objectMapper, UndeliveredReplies undelivered) {
		this.objectMapper = objectMapper;
		this.undelivered = undelivered;
	}

	/**
	 * For a webhook source, on the raw body: a batch of WhatsApp statuses is handled and
	 * answered 200 here, and goes no further; anything else passes untouched.
	 */
	public void answer(Exchange exchange) throws IOException {
		byte[] body = exchange.getMessage().getBody(byte[].class);
		if (body == null || indexOf(body, STATUSES) < 0) {
			return;
		}
		JsonNode payload;
		try {
			payload = this.objectMapper.readTree(body);
		}
		catch (JsonProcessingException ex) {
			// Not JSON: the source's parser refuses it with its reason.
			return;
		}
		if (payload == null || !"whatsapp_business_account".equals(payload.path("object").asText())) {
			return;
		}
		int statuses = 0;
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				if (change.path("value").has("messages")) {
					// A customer's message beside the statuses: the source maps it.
					return;
				}
				for (JsonNode status : change.path("value").path("statuses")) {
					statuses++;
					if ("failed".equals(status.path("status").asText())) {
						this.undelivered.report("WhatsApp", status.path("id").asText(""), errors(status));
					}
				}
			}
		}
		if (statuses == 0) {
			return;
		}
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		message.setBody("{\"statuses\":" + statuses + "}");
		exchange.setRouteStop(true);
	}

	/** WhatsApp's errors: code, title and (numbers masked) details of each. */
	private static String errors(JsonNode status) {
		StringBuilder errors = new StringBuilder();
		for (JsonNode error : status.path("errors")) {
			if (errors.length() > 0) {
				errors.append("; ");
			}
			errors.append(error.path("code").asText()).append(' ').append(error.path("title").asText());
			String details = error.path("error_data").path("details").asText("");
			if (!details.isEmpty()) {
				errors.append(": ").append(ReplySinks.detail(details));
			}
		}
		return (errors.length() > 0) ? errors.toString() : "no reason given";
	}

	private static int indexOf(byte[] bytes, byte[] sought) {
		outer: for (int i = 0; i <= bytes.length - sought.length; i++) {
			for (int j = 0; j < sought.length; j++) {
				if (bytes[i + j] != sought[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
