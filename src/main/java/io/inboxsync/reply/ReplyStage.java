package io.inboxsync.reply;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stage {@code reply}: hands a reply to its sink, a route made from one of the reply sink
 * templates (routes/templates/reply-sinks.yaml), which calls the channel. What the
 * channel refuses for good becomes a dead letter; what may succeed later is retried in
 * place, as the pipeline's stages are (routes/error-handling.yaml).
 */
@Component("replyStage")
public class ReplyStage {

	/** Every sink route listens on this endpoint followed by its name. */
	public static final String SINK_ENDPOINT = "direct:inbox-sync-reply-sink-";

	private static final Logger log = LoggerFactory.getLogger(ReplyStage.class);

	private final ProducerTemplate producer;

	private final CamelContext camelContext;

	private final ReplyMetrics metrics;

	public ReplyStage(ProducerTemplate producer, ReplyMetrics metrics) {
		this.producer = producer;
		this.camelContext = producer.getCamelContext();
		this.metrics = metrics;
	}

	public void send(Reply reply) {
		String endpoint = SINK_ENDPOINT + reply.sink();
		if (this.camelContext.hasEndpoint(endpoint) == null) {
			throw ChannelException.refused("no reply sink named " + reply.sink()
					+ " is loaded (a file in routes/sinks/ instantiating a reply sink template)");
		}
		this.producer.requestBody(endpoint, reply);
		this.metrics.sent(reply.sink());
		log.info("Sent reply {} to its channel through {}", reply.messageId(), reply.sink());
	}

}
