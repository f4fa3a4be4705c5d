package io.inboxsync.reply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** What became of the business's replies, as metrics. */
@Component
public class ReplyMetrics {

	private final MeterRegistry meters;

	public ReplyMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	/** A Wix event received and queued, by its slug. */
	void received(String slug) {
		Counter.builder("inbox.sync.wix.events.received")
			.description("Wix webhook events verified and queued")
			.tag("event", String.valueOf(slug))
			.register(this.meters)
			.increment();
	}

	/** A reply that goes nowhere, by why. */
	void skipped(SkipReason reason) {
		Counter.builder("inbox.sync.replies.skipped")
			.description("Replies written in Wix Inbox that were not sent to a channel")
			.tag("reason", reason.tag())
			.register(this.meters)
			.increment();
	}

	/** A reply the channel accepted. */
	void sent(String sink) {
		Counter.builder("inbox.sync.replies.sent")
			.description("Replies a channel accepted")
			.tag("sink", String.valueOf(sink))
			.register(this.meters)
			.increment();
	}

	/** Why a reply is not sent, as the metric's tag says it. */
	public enum SkipReason {

		/** inbox-sync wrote it itself (an outbound event of a source): no echo. */
		OWN_MESSAGE("own-message"),

		/** No inbound message of this conversation's customer was delivered by us. */
		NO_CHANNEL("no-channel"),

		/** The customer's source names no replyVia, and there is no default sink. */
		NO_SINK("no-sink"),

		/** Nothing to send: no text, no media. */
		EMPTY("empty");

		private final String tag;

		SkipReason(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

}
