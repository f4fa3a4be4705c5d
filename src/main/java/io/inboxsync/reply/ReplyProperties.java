package io.inboxsync.reply;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Replies back to the channel ({@code inbox-sync.replies.*}): how Wix's webhooks are
 * verified, the queues they and the replies wait on, and the preset channels' accounts.
 *
 * @param wixPublicKey the Wix app's public key (PEM, or the PEM in base64); empty: the
 * embedded sandbox's key when it serves
 * @param eventsQueue the durable queue of verified Wix events
 * @param queue the durable queue of replies on their way to a channel
 * @param consumers parallel consumers of each of the two queues
 * @param defaultSink the sink for a reply whose source names none; empty: such a reply is
 * skipped
 * @param timeout how long a channel gets to answer
 */
@ConfigurationProperties("inbox-sync.replies")
public record ReplyProperties(String wixPublicKey, String eventsQueue, String queue, int consumers, String defaultSink,
		Duration timeout, Twilio twilio, WhatsApp whatsapp) {

	/**
	 * Twilio's Messages API: the account's SID and auth token (basic auth), the number
	 * replies are sent from, and the public URL of inbox-sync's
	 * {@code /webhooks/replies/twilio-status} that Twilio reports each reply's delivery
	 * to (empty: none).
	 */
	public record Twilio(String apiUrl, String accountSid, String authToken, String from, String statusCallbackUrl) {

		/** The setting of {@link #authToken()}, as errors name it. */
		public static final String AUTH_TOKEN = "inbox-sync.replies.twilio.auth-token";

		/** The setting of {@link #statusCallbackUrl()}, as errors name it. */
		public static final String STATUS_CALLBACK_URL = "inbox-sync.replies.twilio.status-callback-url";

		@Override
		public String toString() {
			return "Twilio[apiUrl=" + this.apiUrl + ", accountSid=" + this.accountSid + ", authToken=<hidden>]";
		}

	}

	/**
	 * WhatsApp Cloud API: the Graph API's base URL with its version, the business phone
	 * number's id, and the access token (bearer).
	 */
	public record WhatsApp(String apiUrl, String phoneNumberId, String accessToken) {

		@Override
		public String toString() {
			return "WhatsApp[apiUrl=" + this.apiUrl + ", phoneNumberId=" + this.phoneNumberId
					+ ", accessToken=<hidden>]";
		}

	}

}
