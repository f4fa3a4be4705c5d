package io.inboxsync.source;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.IgnoredEventException;
import io.inboxsync.event.InboxEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * Maps a payload that a source's route received with that source's mapping: the one step
 * every kind shares.
 */
@Component("sourceEvents")
public class SourceEvents {

	/** Payloads acknowledged but not taken, per source. */
	public static final String IGNORED = "inbox.sync.events.ignored";

	private final RunningSources sources;

	private final EventMapper eventMapper;

	private final MeterRegistry meters;

	private final SourceActivity activity;

	public SourceEvents(RunningSources sources, EventMapper eventMapper, MeterRegistry meters,
			SourceActivity activity) {
		this.sources = sources;
		this.eventMapper = eventMapper;
		this.meters = meters;
		this.activity = activity;
	}

	/**
	 * @throws IgnoredEventException, counted, for a payload the source does not take
	 * ({@code acceptWhen})
	 */
	public InboxEvent map(@Body Object payload, Exchange exchange) {
		SourceDefinition source = this.sources.ofRoute(exchange.getFromRouteId());
		try {
			InboxEvent event = this.eventMapper.map(source.name(), source.mapping(), payload);
			this.activity.accepted(source.name());
			return event;
		}
		catch (IgnoredEventException ex) {
			this.meters.counter(IGNORED, "source", source.name()).increment();
			this.activity.ignored(source.name());
			throw ex;
		}
	}

}
