package io.inboxsync.wix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InboxEvent.MessageKind;

/**
 * Builds Send Message bodies in Wix's shape, and holds every text limit in one place: a
 * long BASIC text becomes several items (bubbles) so nothing is lost, a MINIMAL line and
 * the preview are shortened.
 */
final class SendMessageRequests {

	static final int MAX_TEXT = 16384;

	static final int MAX_PREVIEW = 256;

	static final int MAX_MIME_TYPE = 100;

	static final int MAX_FILENAME = 255;

	private SendMessageRequests() {
	}

	static Map<String, Object> of(String conversationId, InboxEvent.Message message) {
		Map<String, Object> content = new LinkedHashMap<>();
		String preview = (message.previewText() != null) ? message.previewText()
				: (!message.text().isEmpty() || message.media() == null) ? message.text() : mediaPreview(message);
		content.put("previewText", shorten(preview, MAX_PREVIEW));
		if (message.kind() == MessageKind.MINIMAL) {
			Map<String, Object> minimal = new LinkedHashMap<>();
			minimal.put("text", minimalText(message.text()));
			putIfPresent(minimal, "iconUrl", message.iconUrl());
			putIfPresent(minimal, "url", message.url());
			content.put("minimal", minimal);
		}
		else {
			List<Map<String, Object>> items = new ArrayList<>();
			for (int start = 0; start < message.text().length(); start += MAX_TEXT) {
				items.add(Map.of("text",
						message.text().substring(start, Math.min(message.text().length(), start + MAX_TEXT))));
			}
			if (message.media() != null) {
				message.media().forEach((media) -> items.add(mediaItem(media)));
			}
			content.put("basic", Map.of("items", items));
		}
		Map<String, Object> wixMessage = new LinkedHashMap<>();
		wixMessage.put("direction", message.direction().name());
		wixMessage.put("visibility", message.visibility().name());
		wixMessage.put("content", content);
		if (message.badge() != null) {
			Map<String, Object> badge = new LinkedHashMap<>();
			putIfPresent(badge, "text", message.badge().text());
			putIfPresent(badge, "iconUrl", message.badge().iconUrl());
			wixMessage.put("badges", List.of(badge));
		}
		return Map.of("conversationId", conversationId, "message", wixMessage, "sendNotifications", false);
	}

	/** An image or a file the customer sent, as Wix's BASIC item. */
	private static Map<String, Object> mediaItem(InboxEvent.Media media) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("url", media.url());
		if (media.filename() != null) {
			item.put("filename", shorten(media.filename(), MAX_FILENAME));
		}
		if (media.kind() == InboxEvent.MediaKind.FILE && media.mimeType() != null) {
			item.put("mimeType", shorten(media.mimeType(), MAX_MIME_TYPE));
		}
		return Map.of((media.kind() == InboxEvent.MediaKind.IMAGE) ? "image" : "file", item);
	}

	/** The inbox list's preview of a message that is media only. */
	private static String mediaPreview(InboxEvent.Message message) {
		return (message.media().get(0).kind() == InboxEvent.MediaKind.IMAGE) ? "Image" : "File";
	}

	static String minimalText(String text) {
		return shorten(text, MAX_TEXT);
	}

	private static String shorten(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	private static void putIfPresent(Map<String, Object> map, String key, String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
