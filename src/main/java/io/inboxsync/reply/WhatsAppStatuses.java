package io.inboxsync.reply;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.source.WebhookIntake;
import org.apache.camel.Exchange;

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

	private final ObjectMapper objectMapper;

	private final UndeliveredReplies undelivered;

	private final WebhookIntake intake;

	public WhatsAppStatuses(ObjectMapper objectMapper, UndeliveredReplies undelivered, WebhookIntake intake) {
		this.objectMapper = objectMapper;
		this.undelivered = undelivered;
		this.intake = intake;
	}

	/**
	 * For a webhook source, on the parsed payload: a batch of WhatsApp statuses is
	 * handled and answered 200 here, and goes no further; anything else passes untouched.
	 */
	public void answer(Exchange exchange) throws JsonProcessingException {
		if (!(exchange.getMessage().getBody() instanceof Map<?, ?> fields)
				|| !"whatsapp_business_account".equals(fields.get("object"))) {
			return;
		}
		JsonNode payload = this.objectMapper.valueToTree(fields);
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
		if (statuses > 0) {
			this.intake.reply(exchange, 200, Map.of("statuses", statuses));
			exchange.setRouteStop(true);
		}
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

}
