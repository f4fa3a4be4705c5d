package io.inboxsync.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.source.RunningSources;
import io.inboxsync.wix.ConversationLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Decides where a message the business wrote in Wix Inbox goes: to the reply sink of the
 * source its customer last wrote through ({@code replyVia} in the source file), to the
 * customer's address there. Never our own messages (no echo); a conversation with no
 * known channel, or a source naming no sink, is skipped with a counted, logged reason,
 * unless a default sink is configured.
 */
@Component
public class ReplyRouter {

	/** The source file's parameter naming the sink its customers' replies go through. */
	public static final String REPLY_VIA = "replyVia";

	private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

	private final ReplyChannels channels;

	private final RunningSources sources;

	private final OwnWixApp ownApp;

	private final ReplyMetrics metrics;

	private final String defaultSink;

	private final ConversationLookup conversations;

	private final ConversationMerges merges;

	public ReplyRouter(ReplyChannels channels, RunningSources sources, OwnWixApp ownApp, ReplyMetrics metrics,
			ReplyProperties properties, ConversationLookup conversations, ConversationMerges merges) {
		this.channels = channels;
		this.sources = sources;
		this.ownApp = ownApp;
		this.metrics = metrics;
		this.defaultSink = StringUtils.hasText(properties.defaultSink()) ? properties.defaultSink().trim() : null;
		this.conversations = conversations;
		this.merges = merges;
	}

	/**
	 * The reply a {@code message_sent_to_participant} event asks for, or empty when it is
	 * skipped.
	 */
	public Optional<Reply> replyOf(WixWebhookEvent event) {
		JsonNode message = event.body().path("message");
		String conversationId = event.body().path("conversationId").asText(null);
		String messageId = message.path("id").asText(null);
		if (!InboxEvent.Direction.BUSINESS_TO_PARTICIPANT.name().equals(message.path("direction").asText())) {
			log.debug("Wix message {} is not to the participant; nothing to send", messageId);
			return Optional.empty();
		}
		String senderApp = message.path("sender").path("appId").asText(null);
		boolean byPerson = message.path("sender").hasNonNull("wixUserId");
		if ((this.ownApp.appId() != null && this.ownApp.appId().equals(senderApp))
				|| this.channels.isOwnMessage(messageId)
				|| (!byPerson && this.channels.isOwnOutbound(conversationId, sentText(message.path("content"))))) {
			return skipped(ReplyMetrics.SkipReason.OWN_MESSAGE, messageId, "inbox-sync sent it itself");
		}
		Optional<ReplyChannels.Channel> channel = channelOf(conversationId,
				message.path("sender").path("contactId").asText(null));
		if (channel.isEmpty() && this.defaultSink == null) {
			return skipped(ReplyMetrics.SkipReason.NO_CHANNEL, messageId,
					"no customer message of conversation " + conversationId + " came through inbox-sync");
		}
		String sink = channel.map(this::sinkOf).orElse(this.defaultSink);
		if (sink == null) {
			return skipped(ReplyMetrics.SkipReason.NO_SINK, messageId,
					"source " + channel.get().source() + " names no " + REPLY_VIA + " sink");
		}
		List<Reply.Media> media = new ArrayList<>();
		String text = text(message.path("content"), media);
		if (text.isEmpty() && media.isEmpty()) {
			return skipped(ReplyMetrics.SkipReason.EMPTY, messageId, "it has no text and no media");
		}
		return Optional.of(new Reply(messageId, conversationId,
				channel.map(ReplyChannels.Channel::contactId)
					.orElse(message.path("sender").path("contactId").asText(null)),
				channel.map(ReplyChannels.Channel::source).orElse(null), sink,
				channel.map(ReplyChannels.Channel::email).orElse(null),
				channel.map(ReplyChannels.Channel::phone).orElse(null), text, media.isEmpty() ? null : media));
	}

	/**
	 * The channel of the conversation's customer: the one remembered with the
	 * conversation, or with the sender. Failing those, the conversation may be one Wix
	 * merged without telling us yet (Wix promises no order between its events): Get
	 * Conversation names its contact, and the contact's channel and cached conversation
	 * follow the merge here.
	 */
	private Optional<ReplyChannels.Channel> channelOf(String conversationId, String senderContactId) {
		Optional<ReplyChannels.Channel> remembered = this.channels.ofConversation(conversationId)
			.or(() -> Optional.ofNullable(senderContactId).flatMap(this.channels::ofContact));
		if (remembered.isPresent() || conversationId == null) {
			return remembered;
		}
		return contactOf(conversationId).flatMap(this.channels::ofContact)
			.map((channel) -> followMerge(channel, conversationId));
	}

	/**
	 * Whose conversation it is, or empty when Wix cannot say now: a Wix outage must not
	 * hold up the Wix events queue, and a reply whose channel was never known was not
	 * going anywhere before it either.
	 */
	private Optional<String> contactOf(String conversationId) {
		try {
			return this.conversations.contactOf(conversationId);
		}
		catch (RuntimeException ex) {
			log.warn("Could not ask Wix whose conversation {} is, so its channel is taken as unknown: {}",
					conversationId, ex.getMessage());
			return Optional.empty();
		}
	}

	private ReplyChannels.Channel followMerge(ReplyChannels.Channel channel, String targetConversationId) {
		log.info("A reply went to conversation {} of contact {}, which Wix has not announced as merged from {} yet",
				targetConversationId, channel.contactId(), channel.conversationId());
		this.merges.follow(List.of(channel.conversationId()), targetConversationId);
		return new ReplyChannels.Channel(channel.contactId(), targetConversationId, channel.source(), channel.email(),
				channel.phone());
	}

	private String sinkOf(ReplyChannels.Channel channel) {
		return this.sources.named(channel.source())
			.map((source) -> source.routeParameters().get(REPLY_VIA))
			.map(Objects::toString)
			.filter((sink) -> StringUtils.hasText(sink) && !ReplySinks.NONE.equals(sink))
			.orElse(this.defaultSink);
	}

	private Optional<Reply> skipped(ReplyMetrics.SkipReason reason, String messageId, String why) {
		this.metrics.skipped(reason);
		log.info("Reply {} not sent to a channel ({}): {}", messageId, reason.tag(), why);
		return Optional.empty();
	}

	/**
	 * The message as text: its text items (one per line); a minimal line; a form's title
	 * and fields; a template's title and lines. Images and files go to {@code media}.
	 */
	static String text(JsonNode content, List<Reply.Media> media) {
		List<String> lines = new ArrayList<>();
		for (JsonNode item : content.path("basic").path("items")) {
			if (item.hasNonNull("text")) {
				lines.add(item.path("text").asText());
			}
			else if (item.hasNonNull("image")) {
				media.add(media(Reply.Media.IMAGE, item.path("image")));
			}
			else if (item.hasNonNull("file")) {
				media.add(media(Reply.Media.FILE, item.path("file")));
			}
		}
		JsonNode minimal = content.path("minimal");
		if (minimal.hasNonNull("text")) {
			lines.add(minimal.path("text").asText());
		}
		JsonNode form = content.path("form");
		if (form.isObject()) {
			addIfText(lines, form.path("title"));
			addIfText(lines, form.path("description"));
			for (JsonNode field : form.path("fields")) {
				lines.add(field.path("name").asText() + ": " + field.path("value").asText());
			}
			for (JsonNode item : form.path("media")) {
				if (item.hasNonNull("image")) {
					media.add(media(Reply.Media.IMAGE, item.path("image")));
				}
				else if (item.hasNonNull("file")) {
					media.add(media(Reply.Media.FILE, item.path("file")));
				}
			}
		}
		JsonNode template = content.path("template");
		if (template.isObject()) {
			addIfText(lines, template.path("title"));
			template.path("textLines").forEach((line) -> addIfText(lines, line));
		}
		if (lines.isEmpty() && media.isEmpty()) {
			addIfText(lines, content.path("previewText"));
		}
		return String.join("\n", lines);
	}

	/**
	 * The text as inbox-sync would have sent it: a BASIC message's text items joined (a
	 * long text was split into several), or a MINIMAL line.
	 */
	static String sentText(JsonNode content) {
		StringBuilder text = new StringBuilder();
		content.path("basic").path("items").forEach((item) -> text.append(item.path("text").asText("")));
		return (text.length() > 0) ? text.toString() : content.path("minimal").path("text").asText("");
	}

	private static void addIfText(List<String> lines, JsonNode value) {
		if (value.isValueNode() && !value.asText().isBlank()) {
			lines.add(value.asText());
		}
	}

	private static Reply.Media media(String kind, JsonNode item) {
		return new Reply.Media(kind, item.path("url").asText(null), item.path("filename").asText(null),
				item.path("mimeType").asText(null));
	}

}
