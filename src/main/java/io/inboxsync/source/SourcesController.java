package io.inboxsync.source;

import java.util.Map;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.web.ErrorBody;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The integration engineer's view of the sources: which files run and why one does not, and a dry run that shows the
 * event a sample payload would become, with nothing queued and nothing sent to Wix.
 */
@RestController
@RequestMapping("/api/sources")
class SourcesController {

	private final SourceFolder sourceFolder;

	private final SourceParameters sourceParameters;

	private final PayloadParser payloadParser;

	private final SourceMapping sourceMapping;

	private final EventMapper eventMapper;

	private final CamelContext camelContext;

	SourcesController(SourceFolder sourceFolder, SourceParameters sourceParameters, PayloadParser payloadParser,
			SourceMapping sourceMapping, EventMapper eventMapper, CamelContext camelContext) {
		this.sourceFolder = sourceFolder;
		this.sourceParameters = sourceParameters;
		this.payloadParser = payloadParser;
		this.sourceMapping = sourceMapping;
		this.eventMapper = eventMapper;
		this.camelContext = camelContext;
	}

	@GetMapping
	Map<String, Object> list() {
		return Map.of("folder", this.sourceFolder.folder().toString(), "files", this.sourceFolder.status());
	}

	/**
	 * The event the running source {@code name} would make of this payload (JSON, or form-encoded for a webhook; one
	 * line of a JSON-lines file), or the 4xx and reason it would refuse it with. Signatures are not checked.
	 */
	@PostMapping("/{name}/dry-run")
	ResponseEntity<?> dryRun(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestBody(required = false) String payload) {
		String routeId = this.sourceParameters.routeIdOf(name).orElse(null);
		if (routeId == null) {
			return ResponseEntity.status(404).body(ErrorBody.of(404, "no source named " + name + " is running"));
		}
		try {
			Exchange exchange = new DefaultExchange(this.camelContext);
			exchange.getMessage().setBody(this.payloadParser.parse(payload, contentType));
			this.sourceMapping.applyOfRoute(exchange, routeId);
			InboxEvent event = this.eventMapper.map(exchange);
			return ResponseEntity.ok(Map.of("routeId", routeId, "event", event));
		}
		catch (InvalidEventException ex) {
			return ResponseEntity.status(ex.httpStatus()).body(ErrorBody.of(ex.httpStatus(), ex.getMessage()));
		}
	}

}
