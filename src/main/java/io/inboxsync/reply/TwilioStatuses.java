package io.inboxsync.reply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.source.WebhookAuthenticator;
import io.inboxsync.source.WebhookIntake;
import io.inboxsync.source.signature.SignatureScheme;
import io.inboxsync.source.signature.SignatureSchemes;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Twilio's reports on the SMS it sent for replies (each message's {@code StatusCallback},
 * {@code inbox-sync.replies.twilio.status-callback-url}), signed as Twilio signs its
 * webhooks: an SMS Twilio took but then could not deliver ({@code undelivered} or
 * {@code failed}) becomes a {@code reply} dead letter with Twilio's error code
 * ({@link UndeliveredReplies}). Every other report is acknowledged.
 */
@Component("twilioStatuses")
public class TwilioStatuses {

	private static final Set<String> UNDELIVERED = Set.of("undelivered", "failed");

	private final UndeliveredReplies undelivered;

	private final WebhookIntake intake;

	private final WebhookAuthenticator authenticator;

	/** Twilio's signature with the auth token, over the URL as configured; none unset. */
	private final SignatureScheme signature;

	public TwilioStatuses(ReplyProperties properties, UndeliveredReplies undelivered, WebhookIntake intake,
			WebhookAuthenticator authenticator) {
		this.undelivered = undelivered;
		this.intake = intake;
		this.authenticator = authenticator;
		this.signature = signature(properties.twilio());
	}

	private static SignatureScheme signature(ReplyProperties.Twilio twilio) {
		if (!StringUtils.hasText(twilio.statusCallbackUrl()) || !StringUtils.hasText(twilio.authToken())) {
			return null;
		}
		try {
			return SignatureSchemes.compile(
					Map.of(SignatureSchemes.VERIFY, "twilio", SignatureSchemes.SECRET,
							ReplyProperties.Twilio.AUTH_TOKEN, SignatureSchemes.PUBLIC_URL, twilio.statusCallbackUrl()),
					List.of(twilio.authToken().getBytes(StandardCharsets.UTF_8)));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(ReplyProperties.Twilio.STATUS_CALLBACK_URL
					+ " must be an http(s) URL without a query string, as Twilio calls it", ex);
		}
	}

	/**
	 * The report's signature, on the raw form Twilio posted: Twilio's, with the auth
	 * token, over the URL as configured.
	 */
	public void verify(Exchange exchange) {
		if (this.signature == null) {
			throw new InvalidEventException(401, "Twilio's reports are not taken: set "
					+ ReplyProperties.Twilio.STATUS_CALLBACK_URL + " and " + ReplyProperties.Twilio.AUTH_TOKEN);
		}
		this.authenticator.verifyOwn(this.signature, exchange);
	}

	/**
	 * The report, its form parsed: an undelivered SMS of a reply becomes a dead letter.
	 */
	public void answer(@Body Map<String, Object> form, Exchange exchange) throws JsonProcessingException {
		String status = field(form, "MessageStatus");
		if (UNDELIVERED.contains(status)) {
			String errorCode = field(form, "ErrorCode");
			this.undelivered.report("Twilio", field(form, "MessageSid"),
					status + (StringUtils.hasText(errorCode) ? " (error " + errorCode + ")" : ""));
		}
		this.intake.reply(exchange, 200, Map.of("status", "received"));
	}

	private static String field(Map<String, Object> form, String name) {
		Object value = form.get(name);
		return (value instanceof String text) ? text : "";
	}

}
