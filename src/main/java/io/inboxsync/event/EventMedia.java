package io.inboxsync.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;

/**
 * The customer's images and files, by a source's {@code media} parameter: a JSONPath to
 * one URL or a list of them (or of objects with a {@code url}), or a preset:
 * {@code twilio} reads an MMS's {@code NumMedia}, {@code MediaUrl0…} and
 * {@code MediaContentType0…}; {@code whatsapp} reads the media of a WhatsApp Cloud API
 * webhook's first message. Each becomes an image or a file item of the BASIC message, as
 * a web URL Wix fetches, or, for WhatsApp, as a media id inbox-sync fetches and uploads
 * into the site's media before sending.
 */
final class EventMedia {

	/** The mapping parameter. */
	static final String FIELD = "media";

	/** Twilio's MMS fields. */
	static final String TWILIO = "twilio";

	/** The media of a WhatsApp Cloud API webhook's first message. */
	static final String WHATSAPP = "whatsapp";

	/**
	 * WhatsApp's kinds of media message, as images (shown) or files (a link to open).
	 */
	private static final Map<String, InboxEvent.MediaKind> WHATSAPP_KINDS = Map.of("image", InboxEvent.MediaKind.IMAGE,
			"sticker", InboxEvent.MediaKind.IMAGE, "document", InboxEvent.MediaKind.FILE, "audio",
			InboxEvent.MediaKind.FILE, "video", InboxEvent.MediaKind.FILE);

	/** Meta's media ids are digits; anything else would end up in a Graph API path. */
	private static final Pattern WHATSAPP_MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private static final JsonPath WHATSAPP_MESSAGE = JsonPath.compile("$.entry[0].changes[0].value.messages[0]");

	/** Wix's limit on a media item's file name. */
	static final int MAX_FILENAME = 255;

	/** Twilio sends at most 10; Wix documents no count, so more are not kept. */
	static final int MAX_ITEMS = 10;

	/** Wix's limit on a media URL. */
	static final int MAX_URL = 2000;

	private static final Pattern WEB_URL = Pattern.compile("https?://\\S+", Pattern.CASE_INSENSITIVE);

	private static final Pattern IMAGE_FILE = Pattern.compile(".*\\.(jpe?g|png|gif|webp)([?#].*)?",
			Pattern.CASE_INSENSITIVE);

	private EventMedia() {
	}

	/** A constant {@code media} is the preset or one URL. */
	static void checkConstant(String value) {
		if (!TWILIO.equals(value) && !WHATSAPP.equals(value) && !WEB_URL.matcher(value).matches()) {
			throw new IllegalArgumentException("'" + value + "' is neither a JSONPath, the preset '" + TWILIO + "' or '"
					+ WHATSAPP + "', nor a web URL");
		}
	}

	static List<InboxEvent.Media> of(MappingExpression expression, Object payload) {
		if (expression == null) {
			return List.of();
		}
		List<InboxEvent.Media> media = new ArrayList<>();
		if (expression instanceof MappingExpression.Constant constant && TWILIO.equals(constant.text())) {
			Map<?, ?> form = (payload instanceof Map<?, ?> map) ? map : Map.of();
			int count = Math.min(MAX_ITEMS, number(form.get("NumMedia")));
			for (int i = 0; i < count; i++) {
				add(media, form.get("MediaUrl" + i), form.get("MediaContentType" + i), expression);
			}
			return media;
		}
		if (expression instanceof MappingExpression.Constant constant && WHATSAPP.equals(constant.text())) {
			return whatsApp(payload);
		}
		// Every value a path finds (a mapped field takes only the first).
		Object value = (expression instanceof MappingExpression.Path path
				&& (payload instanceof Map<?, ?> || payload instanceof List<?>))
						? path.path().read(payload, MappingExpression.PAYLOAD) : expression.evaluate(payload);
		if (value instanceof Collection<?> values) {
			for (Object item : values) {
				if (media.size() < MAX_ITEMS) {
					addItem(media, item, expression);
				}
			}
		}
		else if (value != null) {
			addItem(media, value, expression);
		}
		return media;
	}

	/**
	 * A WhatsApp image, sticker, document, audio or video message's media: its id, type,
	 * and a document's file name.
	 */
	private static List<InboxEvent.Media> whatsApp(Object payload) {
		Object read = (payload instanceof Map<?, ?>) ? WHATSAPP_MESSAGE.read(payload, MappingExpression.PAYLOAD) : null;
		if (!(read instanceof Map<?, ?> message) || !(message.get("type") instanceof String type)
				|| !WHATSAPP_KINDS.containsKey(type) || !(message.get(type) instanceof Map<?, ?> media)) {
			return List.of();
		}
		Object id = media.get("id");
		if (id == null || !WHATSAPP_MEDIA_ID.matcher(id.toString()).matches()) {
			throw new InvalidEventException("the WhatsApp " + type + " message has no media id");
		}
		Object mimeType = media.get("mime_type");
		Object filename = media.get("filename");
		return List.of(InboxEvent.Media.onWhatsApp(WHATSAPP_KINDS.get(type), id.toString(),
				(mimeType != null) ? mimeType.toString().trim().toLowerCase(Locale.ROOT) : null,
				(filename != null && !filename.toString().isBlank()) ? shorten(filename.toString().trim()) : null));
	}

	private static String shorten(String filename) {
		return (filename.length() <= MAX_FILENAME) ? filename : filename.substring(0, MAX_FILENAME);
	}

	private static void addItem(List<InboxEvent.Media> media, Object item, MappingExpression expression) {
		if (item instanceof Map<?, ?> object) {
			Object url = (object.get("url") != null) ? object.get("url") : object.get("link");
			Object type = (object.get("mimeType") != null) ? object.get("mimeType") : object.get("mime_type");
			add(media, url, type, expression);
		}
		else {
			add(media, item, null, expression);
		}
	}

	private static void add(List<InboxEvent.Media> media, Object url, Object mimeType, MappingExpression expression) {
		if (url == null || url.toString().isBlank()) {
			return;
		}
		String link = url.toString().trim();
		if (!WEB_URL.matcher(link).matches() || link.length() > MAX_URL) {
			throw new InvalidEventException(
					"the media at " + expression.text() + " is not a web URL of at most " + MAX_URL + " characters");
		}
		String type = (mimeType != null && !mimeType.toString().isBlank())
				? mimeType.toString().trim().toLowerCase(Locale.ROOT) : null;
		boolean image = (type != null) ? type.startsWith("image/") : IMAGE_FILE.matcher(link).matches();
		media.add(new InboxEvent.Media(image ? InboxEvent.MediaKind.IMAGE : InboxEvent.MediaKind.FILE, link, type));
	}

	private static int number(Object value) {
		try {
			return (value != null) ? Math.max(0, Integer.parseInt(value.toString().trim())) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
