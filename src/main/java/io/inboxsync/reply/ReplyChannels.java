package io.inboxsync.reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.delivery.Delivery;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixClient;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the send stage tells replies: per contact, the channel the customer last wrote
 * from (the source, and their email or phone on it) and the conversation it went to, kept
 * in the database (table {@code inbox_sync_reply_channel}); and the ids of the messages
 * our own Send Message returned, which are never sent back out.
 */
@Component
public class ReplyChannels {

	private static final Logger log = LoggerFactory.getLogger(ReplyChannels.class);

	private static final String COLUMNS = "contact_id, conversation_id, source, email, phone";

	/** The own-messages ledger's processor name (ReplyConfiguration). */
	static final String OWN_MESSAGES = "inbox-sync-own-messages";

	/** How long a message noted before sending counts as ours when Wix announces it. */
	static final Duration OUTBOUND_WINDOW = Duration.ofMinutes(10);

	private final JdbcClient jdbc;

	private final IdempotentRepository ownMessages;

	public ReplyChannels(JdbcClient jdbc, @Qualifier("inboxSyncOwnMessages") IdempotentRepository ownMessages) {
		this.jdbc = jdbc;
		this.ownMessages = ownMessages;
	}

	/** A contact's channel. */
	public record Channel(String contactId, String conversationId, String source, String email, String phone) {
	}

	/**
	 * After Send Message: the message's id is ours; a customer's message remembers the
	 * channel it came from. The message is in Wix already, so a failure here is logged,
	 * never thrown: the delivery must not be tried again for it.
	 */
	public void delivered(Delivery delivery, String conversationId, JsonNode sentMessage) {
		try {
			String messageId = (sentMessage != null) ? sentMessage.path("id").asText("") : "";
			if (!messageId.isEmpty()) {
				this.ownMessages.add(messageId);
			}
			InboxEvent event = delivery.event();
			if (event.message().direction() != InboxEvent.Direction.BUSINESS_TO_PARTICIPANT) {
				remember(new Channel(delivery.contactId(), conversationId, event.source(), event.customer().email(),
						event.customer().phone()));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not remember the channel of event {} for contact {}: {}", delivery.event().eventId(),
					delivery.contactId(), ex.toString());
		}
	}

	public boolean isOwnMessage(String messageId) {
		return messageId != null && this.ownMessages.contains(messageId);
	}

	/**
	 * Before Send Message of a message to the participant: Wix may announce it before its
	 * id is known to us, so its conversation and text are recorded first. Never throws:
	 * the send must not fail for it.
	 */
	public void sending(Delivery delivery, String conversationId) {
		InboxEvent.Message message = delivery.event().message();
		if (message.direction() != InboxEvent.Direction.BUSINESS_TO_PARTICIPANT) {
			return;
		}
		try {
			String key = outboundKey(conversationId, (message.kind() == InboxEvent.MessageKind.MINIMAL)
					? WixClient.minimalText(message.text()) : message.text());
			this.jdbc.sql("delete from inbox_sync_delivery where processor_name = ? and delivery_key = ?")
				.params(OWN_MESSAGES, key)
				.update();
			this.ownMessages.add(key);
		}
		catch (RuntimeException ex) {
			log.warn("Could not note the outbound message of event {} before sending: {}", delivery.event().eventId(),
					ex.toString());
		}
	}

	/**
	 * Whether inbox-sync was about to send this text to this conversation within
	 * {@link #OUTBOUND_WINDOW}: a message Wix announces before our send has its id.
	 */
	public boolean isOwnOutbound(String conversationId, String text) {
		if (conversationId == null || text == null || text.isEmpty()) {
			return false;
		}
		return this.jdbc
			.sql("select count(*) from inbox_sync_delivery where processor_name = ? and delivery_key = ? "
					+ "and delivered_at > ?")
			.params(OWN_MESSAGES, outboundKey(conversationId, text),
					Timestamp.from(Instant.now().minus(OUTBOUND_WINDOW)))
			.query(Long.class)
			.single() > 0;
	}

	private static String outboundKey(String conversationId, String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return "outbound/" + conversationId + "/" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void remember(Channel channel) {
		Timestamp now = Timestamp.from(Instant.now());
		if (update(channel, now) == 0) {
			try {
				this.jdbc
					.sql("insert into inbox_sync_reply_channel (" + COLUMNS
							+ ", remembered_at) values (?, ?, ?, ?, ?, ?)")
					.params(channel.contactId(), channel.conversationId(), channel.source(), channel.email(),
							channel.phone(), now)
					.update();
			}
			catch (DuplicateKeyException raced) {
				update(channel, now);
			}
		}
	}

	private int update(Channel channel, Timestamp now) {
		return this.jdbc
			.sql("update inbox_sync_reply_channel set conversation_id = ?, source = ?, email = ?, phone = ?, "
					+ "remembered_at = ? where contact_id = ?")
			.params(channel.conversationId(), channel.source(), channel.email(), channel.phone(), now,
					channel.contactId())
			.update();
	}

	public Optional<Channel> ofConversation(String conversationId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_reply_channel where conversation_id = ? "
					+ "order by remembered_at desc fetch first 1 rows only")
			.param(conversationId)
			.query(Channel.class)
			.optional();
	}

	public Optional<Channel> ofContact(String contactId) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_sync_reply_channel where contact_id = ?")
			.param(contactId)
			.query(Channel.class)
			.optional();
	}

	/** Wix merged conversations: their channels now belong to the target. */
	public int followMerge(Collection<String> oldConversationIds, String targetConversationId) {
		int moved = 0;
		for (String old : oldConversationIds) {
			moved += this.jdbc.sql("update inbox_sync_reply_channel set conversation_id = ? where conversation_id = ?")
				.params(targetConversationId, old)
				.update();
		}
		return moved;
	}

}
