package io.inboxsync.reply;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messages channels took for replies, by the channel's own message id (table
 * {@code inbox_sync_reply_sent}): a channel that takes a message may still fail to
 * deliver it, and says so later by that id.
 */
@Component
public class SentReplies {

	private final JdbcClient jdbc;

	private final ReplyConverters converters;

	public SentReplies(JdbcClient jdbc, ReplyConverters converters) {
		this.jdbc = jdbc;
		this.converters = converters;
	}

	/** A part of a reply, as the channel took it, and the reply as JSON. */
	public record Sent(String replyJson, int part, int parts) {

	}

	/** The channel took part {@code part} (from 0) of {@code parts} of the reply. */
	public void remember(String channelMessageId, Reply reply, int part, int parts) throws IOException {
		this.jdbc
			.sql("insert into inbox_sync_reply_sent (channel_message_id, reply, part, parts, sent_at) "
					+ "values (?, ?, ?, ?, ?)")
			.params(channelMessageId, this.converters.toJson(reply), part, parts, Timestamp.from(Instant.now()))
			.update();
	}

	/**
	 * The part the channel's message was, taken out: a report the channel repeats finds
	 * nothing the second time.
	 */
	public Optional<Sent> take(String channelMessageId) {
		Optional<Sent> sent = this.jdbc
			.sql("select reply, part, parts from inbox_sync_reply_sent where channel_message_id = ?")
			.param(channelMessageId)
			.query((row, number) -> new Sent(row.getString("reply"), row.getInt("part"), row.getInt("parts")))
			.optional();
		if (sent.isEmpty()) {
			return sent;
		}
		int taken = this.jdbc.sql("delete from inbox_sync_reply_sent where channel_message_id = ?")
			.param(channelMessageId)
			.update();
		return (taken == 1) ? sent : Optional.empty();
	}

	/** The reply a part belongs to. */
	public Reply replyOf(Sent sent) {
		return this.converters.toReply(sent.replyJson());
	}

}
