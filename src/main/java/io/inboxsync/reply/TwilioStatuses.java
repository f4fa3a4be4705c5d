package io.inboxsync.reply;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.inboxsync.event.InvalidEventException;
import io.inboxsync.source.signature.SignatureScheme;
import io.inboxsync.source.signature.SignatureSchemes;
import io.inboxsync.source.signature.SignedRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

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

	private final ReplyProperties.Twilio twilio;

	private final UndeliveredReplies undelivered;

	/** Twilio's signature with the auth token, over the URL as configured; none unset. */
	private final SignatureScheme signature;

	private final Clock clock = Clock.systemUTC();

	public TwilioStatuses(ReplyProperties properties, UndeliveredReplies undelivered) {
		this.twilio = properties.twilio();
		this.undelivered = undelivered;
		this.signature = signature(this.twilio);
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

	/** The route's body is the raw form Twilio posted. */
	public void answer(Exchange exchange) {
		if (this.signature == null) {
			throw new InvalidEventException(401, "Twilio's reports are not taken: set "
					+ ReplyProperties.Twilio.STATUS_CALLBACK_URL + " and " + ReplyProperties.Twilio.AUTH_TOKEN);
		}
		byte[] body = exchange.getMessage().getBody(byte[].class);
		this.signature.verify(new SignedRequest("POST", this.twilio.statusCallbackUrl(), null,
				exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class)::getHeader,
				(body != null) ? body : new byte[0], this.clock.instant()));
		MultiValueMap<String, String> form = UriComponentsBuilder
			.fromUriString("?" + new String((body != null) ? body : new byte[0], StandardCharsets.UTF_8))
			.build()
			.getQueryParams();
		String status = field(form, "MessageStatus");
		if (UNDELIVERED.contains(status)) {
			String errorCode = field(form, "ErrorCode");
			this.undelivered.report("Twilio", field(form, "MessageSid"),
					status + (StringUtils.hasText(errorCode) ? " (error " + errorCode + ")" : ""));
		}
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		message.setBody("{\"status\":\"received\"}");
	}

	private static String field(MultiValueMap<String, String> form, String name) {
		String value = form.getFirst(name);
		return (value != null) ? UriUtils.decode(value.replace('+', ' '), StandardCharsets.UTF_8) : "";
	}

}
