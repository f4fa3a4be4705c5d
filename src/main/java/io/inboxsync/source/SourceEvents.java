package io.inboxsync.source;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.InboxEvent;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/** Maps a payload that a source's route received with that source's mapping: the one step every kind shares. */
@Component("sourceEvents")
public class SourceEvents {

	private final RunningSources sources;

	private final EventMapper eventMapper;

	public SourceEvents(RunningSources sources, EventMapper eventMapper) {
		this.sources = sources;
		this.eventMapper = eventMapper;
	}

	public InboxEvent map(@Body Object payload, Exchange exchange) {
		SourceDefinition source = this.sources.ofRoute(exchange.getFromRouteId());
		return this.eventMapper.map(source.name(), source.mapping(), payload);
	}

}
