package io.inboxsync.source;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.IgnoredEventException;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.metrics.PipelineMetrics;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * Maps a payload that a source's route received with that source's mapping: the one step
 * every kind shares.
 */
@Component("sourceEvents")
public class SourceEvents {

	private final RunningSources sources;

	private final EventMapper eventMapper;

	private final PipelineMetrics metrics;

	public SourceEvents(RunningSources sources, EventMapper eventMapper, PipelineMetrics metrics) {
		this.sources = sources;
		this.eventMapper = eventMapper;
		this.metrics = metrics;
	}

	/**
	 * @throws IgnoredEventException, counted, for a payload the source does not take
	 * ({@code acceptWhen})
	 */
	public InboxEvent map(@Body Object payload, Exchange exchange) {
		SourceDefinition source = this.sources.ofRoute(exchange.getFromRouteId());
		try {
			return this.eventMapper.map(source.name(), source.mapping(), payload);
		}
		catch (IgnoredEventException ex) {
			this.metrics.ignored(source.name());
			throw ex;
		}
	}

	/** Counts an event its source put on the intake queue. */
	public void accepted(@Body InboxEvent event) {
		this.metrics.accepted(event.source());
	}

}
