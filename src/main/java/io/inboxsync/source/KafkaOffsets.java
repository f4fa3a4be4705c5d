package io.inboxsync.source;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

import org.springframework.stereotype.Component;

/**
 * Commits a Kafka source's record once its event is on the intake queue or kept as a dead
 * letter, never before (routes/templates/kafka-source.yaml): a record whose event could
 * not be kept is read again.
 */
@Component("kafkaOffsets")
public class KafkaOffsets {

	/**
	 * The record's commit, kept aside: the shared source route removes every header,
	 * Kafka's included.
	 */
	static final String COMMIT = "kafkaCommit";

	public void hold(Exchange exchange) {
		exchange.setVariable(COMMIT, exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT));
	}

	public void commit(Exchange exchange) {
		KafkaManualCommit commit = exchange.getVariable(COMMIT, KafkaManualCommit.class);
		if (commit != null) {
			commit.commit();
		}
	}

}
