package io.inboxsync.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import org.springframework.stereotype.Component;

/**
 * The parameters a source file gave its template, as the source's route reads them at runtime. The mapping, the
 * signature check and the dry run all read them from here, so each template lists its parameters once and no template
 * copies the steps that use them. Values are returned with property placeholders resolved
 * ({@code {{inbox-sync.sources.sms.secret}}}), so a secret stays out of the route model and out of every log.
 */
@Component("sourceParameters")
public class SourceParameters {

	/** The template parameter that names a source. */
	public static final String NAME = "name";

	private final CamelContext camelContext;

	public SourceParameters(CamelContext camelContext) {
		this.camelContext = camelContext;
	}

	/** The parameters of the source whose route this is, defaults included; empty for a route of no template. */
	public Map<String, String> of(String routeId) {
		RouteDefinition route = model().getRouteDefinition(routeId);
		if (route == null || route.getTemplateParameters() == null) {
			return Map.of();
		}
		// Camel keeps the given parameters merged over the template's defaults.
		Map<String, String> parameters = new LinkedHashMap<>();
		route.getTemplateParameters().forEach((key, value) -> {
			if (value != null) {
				parameters.put(key, value.toString());
			}
		});
		parameters.replaceAll((key, value) -> this.camelContext.resolvePropertyPlaceholders(value));
		return parameters;
	}

	/** The route of the source with this name, if one runs. */
	public Optional<String> routeIdOf(String sourceName) {
		return this.camelContext.getRoutes()
			.stream()
			.filter((route) -> sourceName.equals(nameOf(route.getRouteId())))
			.map(org.apache.camel.Route::getRouteId)
			.findFirst();
	}

	private String nameOf(String routeId) {
		RouteDefinition route = model().getRouteDefinition(routeId);
		Object name = (route != null && route.getTemplateParameters() != null)
				? route.getTemplateParameters().get(NAME) : null;
		return (name != null) ? name.toString() : null;
	}

	private Model model() {
		return this.camelContext.getCamelContextExtension().getContextPlugin(Model.class);
	}

}
