package io.inboxsync.reply;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.inboxsync.event.Masking;

/**
 * A message the business wrote in Wix Inbox, on its way back to the channel the customer
 * wrote from: what the replies queue carries, what a reply sink reads, and what a
 * {@code reply} dead letter keeps.
 *
 * @param messageId Wix's message id: the one-delivery ledger's key
 * @param conversationId the Wix conversation it was written in
 * @param contactId the customer's contact, when known
 * @param source the source the customer last wrote through
 * @param sink the reply sink it goes to
 * @param email the customer's email on that channel, if any
 * @param phone the customer's phone (or WhatsApp id) on that channel, if any
 * @param text the reply's text: its text items, or a minimal, form or template message as
 * text; may be empty when it is media only
 * @param media its images and files, as URLs (Wix's expire after 10 hours)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(String messageId, String conversationId, String contactId, String source, String sink, String email,
		String phone, String text, List<Media> media) {

	/** The customer's address on the channel: the phone, else the email. */
	@JsonIgnore
	public String to() {
		return (this.phone != null) ? this.phone : this.email;
	}

	/**
	 * An image or a file of the reply.
	 *
	 * @param kind {@code image} or {@code file}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Media(String kind, String url, String filename, String mimeType) {

		public static final String IMAGE = "image";

		public static final String FILE = "file";

	}

	@Override
	public String toString() {
		return "Reply[" + this.messageId + " to "
				+ ((this.phone != null) ? Masking.phone(this.phone) : Masking.email(this.email)) + " via " + this.sink
				+ "]";
	}

}
