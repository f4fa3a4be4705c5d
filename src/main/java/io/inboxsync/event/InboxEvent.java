package io.inboxsync.event;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one shape every source produces and the pipeline consumes: who the customer is and
 * what to put in their conversation. It travels as JSON on the intake queue and is kept
 * verbatim in a dead letter.
 *
 * @param eventId the source's id of the event, or one derived from its payload, so
 * redeliveries share it
 * @param source the name of the source that accepted it
 * @param occurredAt when it happened at the source (or when it was accepted)
 * @param customer how to find the customer's contacts
 * @param message what goes into the conversation
 * @param onNoContact what to do when no contact matches, or {@code null} for the global
 * setting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxEvent(String eventId, String source, Instant occurredAt, Customer customer, Message message,
		NoContactPolicy onNoContact) {

	/** This event with another message (its media in the site's media, say). */
	public InboxEvent withMessage(Message other) {
		return new InboxEvent(this.eventId, this.source, this.occurredAt, this.customer, other, this.onNoContact);
	}

	/** The customer as the source knows them; email wins over phone for the lookup. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Customer(String email, String phone, String name) {

		/**
		 * Who the customer is, for remembering their contacts and for keeping their
		 * events in order: the email when there is one (whatever its case:
		 * Jane@Example.com and jane@example.com are one customer), else the phone.
		 */
		public String key() {
			return (this.email != null) ? "email:" + this.email.toLowerCase(Locale.ROOT) : "phone:" + this.phone;
		}

		@Override
		public String toString() {
			return "Customer[email=" + Masking.email(this.email) + ", phone=" + Masking.phone(this.phone) + "]";
		}

	}

	/**
	 * A BASIC chat message or a MINIMAL activity line.
	 *
	 * @param iconUrl the MINIMAL line's icon
	 * @param url the MINIMAL line's link
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Message(MessageKind kind, String text, Direction direction, Visibility visibility, String previewText,
			Badge badge, String iconUrl, String url, List<Media> media) {

		/** A message without media. */
		public Message(MessageKind kind, String text, Direction direction, Visibility visibility, String previewText,
				Badge badge, String iconUrl, String url) {
			this(kind, text, direction, visibility, previewText, badge, iconUrl, url, null);
		}

		/** This message with other media. */
		public Message withMedia(List<Media> other) {
			return new Message(this.kind, this.text, this.direction, this.visibility, this.previewText, this.badge,
					this.iconUrl, this.url, other);
		}

	}

	/**
	 * An image or a file the customer sent (an MMS picture, say), shown in a BASIC
	 * message beside its text: a web URL Wix fetches.
	 *
	 * @param url where Wix fetches it; {@code null} until a WhatsApp media is in the
	 * site's media
	 * @param filename the name it is shown with, or {@code null}
	 * @param whatsAppMediaId WhatsApp's id of the media, which only the business's access
	 * token reaches: inbox-sync fetches it and uploads it into the site's media before
	 * sending ({@code io.inboxsync.media.InboundMedia}); {@code null} for a web URL
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Media(MediaKind kind, String url, String mimeType, String filename, String whatsAppMediaId) {

		/** Media at a web URL. */
		public Media(MediaKind kind, String url, String mimeType) {
			this(kind, url, mimeType, null, null);
		}

		/**
		 * WhatsApp's media, which inbox-sync fetches and uploads into the site's media.
		 */
		public static Media onWhatsApp(MediaKind kind, String mediaId, String mimeType, String filename) {
			return new Media(kind, null, mimeType, filename, mediaId);
		}

		/** This media at a URL of the site's media. */
		public Media at(String siteMediaUrl) {
			return new Media(this.kind, siteMediaUrl, this.mimeType, this.filename, this.whatsAppMediaId);
		}

	}

	public enum MediaKind {

		IMAGE, FILE

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Badge(String text, String iconUrl) {
	}

	/** Who the message is from, in Wix's words. */
	public enum Direction {

		PARTICIPANT_TO_BUSINESS, BUSINESS_TO_PARTICIPANT

	}

	/**
	 * Who sees the message. {@code BUSINESS} records it for the business only;
	 * {@code BUSINESS_AND_PARTICIPANT} can reach the customer and is an explicit choice
	 * of a source.
	 */
	public enum Visibility {

		BUSINESS, BUSINESS_AND_PARTICIPANT

	}

	public enum MessageKind {

		BASIC, MINIMAL

	}

}
