package io.inboxsync.source;

import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.metrics.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;

import org.springframework.stereotype.Component;

/**
 * Readies a payload that a folder or queue source could not map for the dead-letter
 * store: the payload as received (exchange variable {@value #PAYLOAD}; a file's line
 * number in {@value #LINE}), kept as JSON even when it is not (a dead letter's event must
 * be JSON), and a reason that says where it came from:
 * {@code source bookings-export, bookings.jsonl line 2: the payload has no text}, or
 * {@code source crm-activities, topic crm.activities partition 0 offset 41: …}.
 */
@Component("sourceDeadLetters")
public class SourceDeadLetters {

	/**
	 * The exchange variable a source keeps its payload in, as received, before parsing
	 * it.
	 */
	public static final String PAYLOAD = "payload";

	/** The exchange variable a folder source keeps a line's number in the file in. */
	public static final String LINE = "line";

	private final RunningSources sources;

	private final PipelineMetrics metrics;

	public SourceDeadLetters(RunningSources sources, PipelineMetrics metrics) {
		this.sources = sources;
		this.metrics = metrics;
	}

	public void prepare(Exchange exchange) {
		String payload = exchange.getVariable(PAYLOAD, String.class);
		exchange.getMessage().setBody((payload != null) ? payload.trim() : "");
		Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		String reason = (cause != null) ? cause.getMessage() : "unknown";
		// None if the source's file was replaced while this file was being read.
		String source = this.sources.nameOfRoute(exchange.getFromRouteId()).orElse(null);
		exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
				new InvalidEventException(where(exchange, source) + ": " + reason));
		exchange.setProperty(DeadLetterRecorder.SOURCE, source);
		this.metrics.refused(source);
	}

	private static String where(Exchange exchange, String sourceName) {
		String source = "source " + sourceName;
		GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
		Long line = exchange.getVariable(LINE, Long.class);
		if (file != null) {
			return source + ", " + file.getFileNameOnly() + ((line != null) ? " line " + line : "");
		}
		// Only a record Camel read from Kafka: any other source's payload may carry
		// headers of
		// these names.
		String topic = (exchange.getFromEndpoint() instanceof KafkaEndpoint)
				? exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class) : null;
		if (topic != null) {
			return source + ", topic " + topic + " partition "
					+ exchange.getMessage().getHeader(KafkaConstants.PARTITION) + " offset "
					+ exchange.getMessage().getHeader(KafkaConstants.OFFSET);
		}
		return source;
	}

}
