package io.inboxsync.media;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.inboxsync.delivery.Delivery;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A customer's media, made something Send Message takes: WhatsApp's media (an id only the
 * business's token reaches) is fetched and uploaded into the site's media before sending
 * ({@link #resolve}, a step of the send stage); media at a URL Send Message refused
 * ({@code INVALID_MEDIA_URL}) is imported into the site's media by Wix, for the send
 * stage to send once more ({@link #imported}).
 */
@Component("inboundMedia")
public class InboundMedia {

	private static final Logger log = LoggerFactory.getLogger(InboundMedia.class);

	/** File name extensions of the types WhatsApp sends, for the Media Manager. */
	private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/jpeg", "jpg"),
			Map.entry("image/png", "png"), Map.entry("image/webp", "webp"), Map.entry("image/gif", "gif"),
			Map.entry("audio/ogg", "ogg"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/mp4", "m4a"),
			Map.entry("audio/aac", "aac"), Map.entry("audio/amr", "amr"), Map.entry("video/mp4", "mp4"),
			Map.entry("video/3gpp", "3gp"), Map.entry("application/pdf", "pdf"), Map.entry("text/plain", "txt"));

	private final WhatsAppMedia whatsApp;

	private final WixMedia wixMedia;

	public InboundMedia(WhatsAppMedia whatsApp, WixMedia wixMedia) {
		this.whatsApp = whatsApp;
		this.wixMedia = wixMedia;
	}

	/**
	 * The delivery with its WhatsApp media in the site's media, or as it is when it has
	 * none. The uploaded URLs travel on with the delivery, so a retry of Send Message, or
	 * a dead letter's replay, does not upload them again.
	 */
	public Delivery resolve(Delivery delivery) {
		InboxEvent.Message message = delivery.event().message();
		if (message.media() == null || message.media().stream().allMatch((media) -> media.url() != null)) {
			return delivery;
		}
		List<InboxEvent.Media> resolved = new ArrayList<>();
		for (InboxEvent.Media media : message.media()) {
			resolved.add((media.url() != null) ? media : uploaded(media));
		}
		return delivery.withEvent(delivery.event().withMessage(message.withMedia(resolved)));
	}

	private InboxEvent.Media uploaded(InboxEvent.Media media) {
		WixMedia.SiteFile file;
		try (WhatsAppMedia.Download download = this.whatsApp.download(media.whatsAppMediaId(), media.mimeType())) {
			String fileName = (media.filename() != null) ? media.filename() : fileName(media, download.mimeType());
			file = this.wixMedia.upload(download.file(), download.mimeType(), fileName);
		}
		if (file.failed()) {
			throw new MediaNotImportedException("WhatsApp media " + media.whatsAppMediaId()
					+ " was not taken into the site's media: Wix's upload answered no file URL");
		}
		log.debug("WhatsApp media {} is in the site's media as file {}", media.whatsAppMediaId(), file.id());
		return media.at(file.url());
	}

	/**
	 * The message with each media at a web URL imported into the site's media by Wix, for
	 * Send Message to take once it refused one of them ({@code INVALID_MEDIA_URL}). Media
	 * already uploaded into the site's media is kept as it is.
	 * @throws MediaNotImportedException when Wix could not import one, so that the
	 * message becomes a dead letter saying so
	 */
	public InboxEvent.Message imported(InboxEvent.Message message) {
		List<InboxEvent.Media> imported = new ArrayList<>();
		for (InboxEvent.Media media : message.media()) {
			imported.add((media.whatsAppMediaId() != null) ? media : imported(media));
		}
		return message.withMedia(imported);
	}

	private InboxEvent.Media imported(InboxEvent.Media media) {
		WixMedia.SiteFile file;
		try {
			file = this.wixMedia.importFile(media.url(), media.mimeType(), media.filename());
		}
		catch (WixApiException ex) {
			if (ex.retryable()) {
				throw ex;
			}
			throw new MediaNotImportedException(
					refused(media) + ", and Wix's Import File refused it too: " + ex.getMessage());
		}
		if (file.failed()) {
			throw new MediaNotImportedException(refused(media) + ", and Wix's Import File could not import it ("
					+ ((file.operationStatus() != null) ? "operationStatus " + file.operationStatus() : "no file URL")
					+ ")");
		}
		return media.at(file.url());
	}

	/** What Send Message refused, naming the media's host only: its path may hold ids. */
	private static String refused(InboxEvent.Media media) {
		String host;
		try {
			host = URI.create(media.url()).getHost();
		}
		catch (IllegalArgumentException ex) {
			host = null;
		}
		return "Send Message refused a media URL (" + WixMedia.INVALID_MEDIA_URL + ") of the message's "
				+ media.kind().name().toLowerCase(Locale.ROOT) + ((host != null) ? " at " + host : "");
	}

	private static String fileName(InboxEvent.Media media, String mimeType) {
		String type = (mimeType != null) ? mimeType.split(";")[0].trim() : "";
		String extension = EXTENSIONS.getOrDefault(type, (media.kind() == InboxEvent.MediaKind.IMAGE) ? "jpg" : "bin");
		return "whatsapp-" + media.whatsAppMediaId() + "." + extension;
	}

}
