package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.function.Consumer;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.web.ErrorBody;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The integration engineer's view of the sources: which files run and why one does not, and dry runs that show the
 * event a sample payload would become (for a running source, or for a source file not yet live), with nothing
 * queued and nothing sent to Wix.
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

	private final SourceCheck sourceCheck;

	private static final Pattern OUTSIDE_THE_PAYLOAD = Pattern
		.compile("\\$\\{\\s*(env|sysenv|sys|properties|propertiesExist|bean|ref|type|camelContext|exchange)\\b");

	SourcesController(SourceFolder sourceFolder, SourceParameters sourceParameters, PayloadParser payloadParser,
			SourceMapping sourceMapping, EventMapper eventMapper, CamelContext camelContext, SourceCheck sourceCheck) {
		this.sourceCheck = sourceCheck;
		this.sourceFolder = sourceFolder;
		this.sourceParameters = sourceParameters;
		this.payloadParser = payloadParser;
		this.sourceMapping = sourceMapping;
		this.eventMapper = eventMapper;
		this.camelContext = camelContext;
	}

	/**
	 * The event a source file that is not live yet would make of a sample payload: the file's first templatedRoute
	 * gives the mapping, and nothing is loaded, queued or sent. Multipart: {@code source} is the file,
	 * {@code payload} the sample with its content type (JSON, or form-encoded for a webhook).
	 */
	@PostMapping(path = "/dry-run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<?> dryRunFile(@RequestPart("source") MultipartFile source,
			@RequestPart("payload") MultipartFile payload) throws IOException {
		TemplatedRouteDefinition route;
		Map<String, String> parameters;
		try {
			route = firstTemplatedRoute(source);
			parameters = new LinkedHashMap<>();
			for (var parameter : route.getParameters()) {
				refuseReadingOutsideThePayload(parameter.getName(), parameter.getValue());
				parameters.put(parameter.getName(), this.camelContext.resolvePropertyPlaceholders(parameter.getValue()));
			}
			this.sourceCheck.checkParameters(parameters);
		}
		catch (Exception ex) {
			return ResponseEntity.status(422)
				.body(ErrorBody.of(422, SourceFileErrors.describe(Path.of(fileName(source)),
						new String(source.getBytes(), StandardCharsets.UTF_8), ex)));
		}
		return mapped(new String(payload.getBytes(), StandardCharsets.UTF_8), payload.getContentType(),
				(exchange) -> this.sourceMapping.applyParameters(exchange, parameters),
				route.getRouteId());
	}

	/**
	 * What a dry run answers is the event, so a mapping in an uploaded file may read the sample only: not a property,
	 * the environment or a bean, which could hand back a secret of the service.
	 */
	private static void refuseReadingOutsideThePayload(String parameter, String value) {
		boolean mapping = SourceMapping.FIELDS.contains(parameter) || SourceParameters.NAME.equals(parameter);
		if (mapping && value != null && (value.contains("{{") || OUTSIDE_THE_PAYLOAD.matcher(value).find())) {
			throw new IllegalArgumentException("parameter " + parameter + ": a dry run maps the sample only; a mapping "
					+ "that reads properties, the environment or beans can be tried only on a source that is live");
		}
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
		return mapped(payload, contentType, (exchange) -> this.sourceMapping.applyOfRoute(exchange, routeId), routeId);
	}

	private ResponseEntity<?> mapped(String payload, String contentType, Consumer<Exchange> mapping, String routeId) {
		try {
			Exchange exchange = new DefaultExchange(this.camelContext);
			exchange.getMessage().setBody(this.payloadParser.parse(payload, contentType));
			mapping.accept(exchange);
			InboxEvent event = this.eventMapper.map(exchange);
			return ResponseEntity.ok(Map.of("routeId", routeId, "event", event));
		}
		catch (InvalidEventException ex) {
			return ResponseEntity.status(ex.httpStatus()).body(ErrorBody.of(ex.httpStatus(), ex.getMessage()));
		}
	}

	/** The file's first templatedRoute, as Camel's YAML loader reads it, without adding it to Camel. */
	private TemplatedRouteDefinition firstTemplatedRoute(MultipartFile source) throws Exception {
		Resource resource = ResourceHelper.fromString("file:" + fileName(source),
				new String(source.getBytes(), StandardCharsets.UTF_8));
		for (RoutesBuilder builder : PluginHelper.getRoutesLoader(this.camelContext)
			.findRoutesBuilders(List.of(resource))) {
			if (builder instanceof RouteBuilder routeBuilder) {
				routeBuilder.configureRoutes(this.camelContext);
				List<TemplatedRouteDefinition> routes = routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes();
				if (!routes.isEmpty()) {
					return routes.get(0);
				}
			}
		}
		throw new IllegalArgumentException("the file has no templatedRoute");
	}

	private static String fileName(MultipartFile source) {
		String name = source.getOriginalFilename();
		return (name != null && !name.isBlank()) ? Path.of(name).getFileName().toString() : "source.yaml";
	}

}
