package io.inboxsync.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The customer's images and files, by a source's {@code media} parameter: a JSONPath to
 * one URL or a list of them (or of objects with a {@code url}), or the preset
 * {@code twilio}, which reads an MMS's {@code NumMedia}, {@code MediaUrl0…} and
 * {@code MediaContentType0…}. Each becomes an image or a file item of the BASIC message,
 * as a web URL Wix fetches.
 */
final class EventMedia {

	/** The mapping parameter. */
	static final String FIELD = "media";

	/** Twilio's MMS fields. */
	static final String TWILIO = "twilio";

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
		if (!TWILIO.equals(value) && !WEB_URL.matcher(value).matches()) {
			throw new IllegalArgumentException(
					"'" + value + "' is neither a JSONPath, the preset '" + TWILIO + "', nor a web URL");
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
