package io.inboxsync.source;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * What Camel does not check when a source file loads, checked before the source takes traffic: a route id without
 * inbox-sync's prefix, a misspelt parameter (Camel would silently ignore {@code emial}), a missing {@code text} mapping, a signature or token check
 * without its secret, a placeholder that resolves to nothing ({@code {{inbox-sync.sources.sms.secret}}} not set).
 */
@Component("sourceCheck")
public class SourceCheck {

	/** Every route id of inbox-sync starts with inbox-sync-; a source's says it is one. */
	public static final String ROUTE_ID_PREFIX = "inbox-sync-source-";

	private final CamelContext camelContext;

	private final SourceParameters sourceParameters;

	private final WebhookAuthenticator webhookAuthenticator;

	public SourceCheck(CamelContext camelContext, SourceParameters sourceParameters,
			WebhookAuthenticator webhookAuthenticator) {
		this.camelContext = camelContext;
		this.sourceParameters = sourceParameters;
		this.webhookAuthenticator = webhookAuthenticator;
	}

	/** Throws a {@link SourceCheckException} naming the first problem of these routes. */
	public void check(Set<String> routeIds) {
		for (String routeId : routeIds) {
			try {
				checkRoute(routeId);
			}
			catch (RuntimeException ex) {
				throw new SourceCheckException(routeId, ex);
			}
		}
	}

	private void checkRoute(String routeId) {
		Route route = this.camelContext.getRoute(routeId);
		if (route == null || !route.isCreatedByRouteTemplate()) {
			return;
		}
		if (!routeId.startsWith(ROUTE_ID_PREFIX)) {
			throw new IllegalArgumentException("a source's routeId must start with " + ROUTE_ID_PREFIX
					+ " (inbox-sync-source-<name>), so its routes are told apart from other applications'");
		}
		checkParameters(this.sourceParameters.of(routeId));
	}

	/** Throws {@link IllegalArgumentException} for a source's parameters, placeholders resolved, that cannot work. */
	public void checkParameters(Map<String, String> parameters) {
		Set<String> known = knownParameters();
		Set<String> unknown = new TreeSet<>(parameters.keySet());
		// Camel adds a kebab-case twin of every camelCase parameter.
		unknown.removeIf((name) -> known.contains(name) || name.contains("-"));
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("unknown parameter " + unknown + "; known: " + known);
		}
		if (!StringUtils.hasText(parameters.get("text"))) {
			throw new IllegalArgumentException("the text parameter is required");
		}
		this.webhookAuthenticator.check(parameters);
	}

	/**
	 * The mapping fields and what any of inbox-sync's source templates declares. A route does not tell which template
	 * made it, so a parameter of another kind of source passes (and is ignored); a misspelt one does not.
	 */
	private Set<String> knownParameters() {
		Set<String> known = new TreeSet<>(SourceMapping.FIELDS);
		known.add(SourceParameters.NAME);
		for (RouteTemplateDefinition template : this.camelContext.getCamelContextExtension()
			.getContextPlugin(Model.class)
			.getRouteTemplateDefinitions()) {
			if (template.getId().startsWith("inbox-sync-") && template.getTemplateParameters() != null) {
				for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
					known.add(parameter.getName());
				}
			}
		}
		return known;
	}

	/** A source route that loaded but cannot work; its message is the specific reason. */
	public static class SourceCheckException extends RuntimeException {

		private final String routeId;

		SourceCheckException(String routeId, Throwable cause) {
			super("route " + routeId + ": " + cause.getMessage(), cause);
			this.routeId = routeId;
		}

		public String routeId() {
			return this.routeId;
		}

	}

}
