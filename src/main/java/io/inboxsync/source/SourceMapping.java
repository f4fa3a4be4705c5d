package io.inboxsync.source;

import java.util.List;
import java.util.Map;

import io.inboxsync.event.EventMapper;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * Hands a source's mapping to the {@link EventMapper}: the source's template parameters of the same names become the
 * exchange variables {@code mapping.<field>}, and its {@code name} becomes {@code mapping.source}. Every template
 * names these parameters alike, so one shared route maps the events of every kind of source.
 */
@Component("sourceMapping")
public class SourceMapping {

	/** The event fields a source maps, named as the templates' parameters. */
	public static final List<String> FIELDS = List.of("eventId", "occurredAt", "email", "phone", "customerName", "kind",
			"text", "direction", "visibility", "previewText", "badgeText", "badgeIconUrl", "iconUrl", "url",
			"onNoContact");

	private final SourceParameters sourceParameters;

	public SourceMapping(SourceParameters sourceParameters) {
		this.sourceParameters = sourceParameters;
	}

	/** The mapping of the source whose route received this exchange. */
	public void apply(Exchange exchange) {
		applyOfRoute(exchange, exchange.getFromRouteId());
	}

	/** The mapping of the source with this route, for an exchange that did not come through it (a dry run). */
	public void applyOfRoute(Exchange exchange, String routeId) {
		applyParameters(exchange, this.sourceParameters.of(routeId));
	}

	/** A mapping given as a source file's parameters, placeholders resolved. */
	public void applyParameters(Exchange exchange, Map<String, String> parameters) {
		exchange.setVariable(EventMapper.MAPPING + "source", parameters.get(SourceParameters.NAME));
		for (String field : FIELDS) {
			exchange.setVariable(EventMapper.MAPPING + field, parameters.getOrDefault(field, ""));
		}
	}

}
