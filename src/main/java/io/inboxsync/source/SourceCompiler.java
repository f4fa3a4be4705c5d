package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.EventMapping;
import io.inboxsync.source.signature.SignatureScheme;
import io.inboxsync.source.signature.SignatureSchemes;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Turns a source file's declaration into a {@link SourceDefinition}, refusing with the
 * file's line whatever cannot work or could reach beyond the payload: a template that is
 * not one of inbox-sync's sources, a parameter of another kind of source or misspelt, a
 * value that would change the route's endpoint, a mapping that is not JSONPath, a
 * template or a valid constant, a secret written in the file or whose property is not
 * set.
 */
@Component
public class SourceCompiler {

	private static final Logger log = LoggerFactory.getLogger(SourceCompiler.class);

	/**
	 * Every route id of inbox-sync starts with inbox-sync-; a source's says it is one.
	 */
	public static final String ROUTE_ID_PREFIX = "inbox-sync-source-";

	public static final String WEBHOOK_TEMPLATE = "inbox-sync-webhook-source";

	public static final String FOLDER_TEMPLATE = "inbox-sync-folder-source";

	public static final String QUEUE_TEMPLATE = "inbox-sync-queue-source";

	public static final String KAFKA_TEMPLATE = "inbox-sync-kafka-source";

	static final String NAME = "name";

	/**
	 * Where a secret may come from: a property of inbox-sync's sources, so a file cannot
	 * point at another secret.
	 */
	static final String SECRETS_PREFIX = "inbox-sync.sources.";

	private static final Pattern NAME_RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private static final Pattern ROUTE_ID_RULE = Pattern
		.compile(Pattern.quote(ROUTE_ID_PREFIX) + "[A-Za-z0-9._-]{1,100}");

	private static final Pattern SECRET_RULE = Pattern
		.compile("\\{\\{(" + Pattern.quote(SECRETS_PREFIX) + "[a-z0-9][a-z0-9.-]{0,100})}}");

	/**
	 * Queue names of the broker and of inbox-sync itself, which a source may not consume.
	 */
	private static final Pattern RESERVED_QUEUE = Pattern.compile("(?i)(inbox-sync|activemq|\\$).*|DLQ|ExpiryQueue");

	/**
	 * What a template parameter may be, so that it stays a value and never changes the
	 * route's endpoint.
	 */
	private static final Map<String, Pattern> VALUE_RULES = Map.of(NAME, NAME_RULE, "queue",
			Pattern.compile("[A-Za-z0-9._-]{1,200}"), "pollDelay", Pattern.compile("[0-9]{1,9}"), "settleTime",
			Pattern.compile("[0-9]{1,9}"), "consumers", Pattern.compile("[1-9][0-9]?"), "topic",
			Pattern.compile("[A-Za-z0-9._-]{1,249}"), "group", Pattern.compile("[A-Za-z0-9._-]{1,200}"), "startAt",
			Pattern.compile("earliest|latest"));

	private static final Pattern PLAIN_VALUE = Pattern.compile("[^{}$?&#*\\p{Cntrl}]*");

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

	private final CamelContext camelContext;

	private final Environment environment;

	private final Path dataDir;

	public SourceCompiler(CamelContext camelContext, Environment environment, InboxSyncProperties properties) {
		this.camelContext = camelContext;
		this.environment = environment;
		this.dataDir = properties.dataDir();
	}

	/**
	 * Whether secrets are resolved: a dry run maps a sample only and never needs them.
	 */
	public enum Purpose {

		RUN, DRY_RUN

	}

	/**
	 * {@link #compile}, with whatever else goes wrong on the way reported as a problem of
	 * the entry too, so that no file can stop the loading of the others or answer a dry
	 * run with a 500.
	 */
	public SourceDefinition compileChecked(SourceDeclaration declaration, Purpose purpose) {
		try {
			return compile(declaration, purpose);
		}
		catch (SourceFileException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			log.error("Could not check the source at line {}", declaration.line(), ex);
			throw new SourceFileException(declaration.line(), "the source could not be checked; the log says why");
		}
	}

	/**
	 * @throws SourceFileException with the line of the first problem; a
	 * {@link SourceNotConfiguredException} when only a secret's property is missing
	 */
	public SourceDefinition compile(SourceDeclaration declaration, Purpose purpose) {
		Map<String, RouteTemplateParameterDefinition> templateParameters = templateParameters(declaration);
		Map<String, SourceDeclaration.Parameter> given = declaration.parameters();
		boolean webhook = WEBHOOK_TEMPLATE.equals(declaration.template());
		refuseUnknown(declaration, templateParameters.keySet(), webhook);

		String name = value(declaration, NAME);
		if (name == null) {
			throw new SourceFileException(declaration.line(), "parameter name is required");
		}
		check(declaration, NAME, name, NAME_RULE, "lower-case letters, digits and '-', at most 63");
		String routeId = (declaration.routeId() != null) ? declaration.routeId() : ROUTE_ID_PREFIX + name;
		if (!ROUTE_ID_RULE.matcher(routeId).matches()) {
			throw new SourceFileException(declaration.routeIdLine(),
					"a source's routeId must start with " + ROUTE_ID_PREFIX
							+ " (inbox-sync-source-<name>), so its routes are told apart from other "
							+ "applications', and hold only letters, digits, '.', '_' and '-'");
		}

		Map<String, String> mappingParameters = new LinkedHashMap<>();
		given.forEach((parameter, value) -> {
			if (EventMapping.isMappingParameter(parameter)) {
				mappingParameters.put(parameter, value.value());
			}
		});
		EventMapping mapping;
		try {
			mapping = EventMapping.compile(mappingParameters);
		}
		catch (EventMapping.MappingException ex) {
			throw new SourceFileException(declaration.lineOf(ex.parameter()), "parameter " + ex.getMessage());
		}

		Map<String, Object> routeParameters = new LinkedHashMap<>();
		templateParameters.forEach((parameter, definition) -> {
			String value = value(declaration, parameter);
			if (value == null) {
				if (definition.getDefaultValue() == null) {
					throw new SourceFileException(declaration.line(), "parameter " + parameter + " is required");
				}
				return;
			}
			check(declaration, parameter, value, VALUE_RULES.getOrDefault(parameter, PLAIN_VALUE),
					"a plain value, without {, }, $, ?, &, # or *");
			routeParameters.put(parameter, "folder".equals(parameter) ? folder(declaration, value) : value);
		});
		String queue = (String) routeParameters.get("queue");
		if (queue != null && RESERVED_QUEUE.matcher(queue).matches()) {
			throw new SourceFileException(declaration.lineOf("queue"),
					"parameter queue: '" + queue + "' is reserved for inbox-sync or the broker");
		}
		WebhookChecks checks = webhook ? webhookChecks(declaration, purpose) : WebhookChecks.NONE;
		return new SourceDefinition(name, routeId, declaration.template(), Map.copyOf(routeParameters), mapping, checks,
				reads(declaration.template(), name, routeParameters));
	}

	private static String reads(String template, String name, Map<String, Object> routeParameters) {
		return switch (template) {
			case WEBHOOK_TEMPLATE -> "POST " + WebhookGuardFilter.PATH_PREFIX + name;
			case FOLDER_TEMPLATE -> "folder " + routeParameters.get("folder");
			case QUEUE_TEMPLATE -> "queue " + routeParameters.get("queue");
			case KAFKA_TEMPLATE ->
				"kafka topic " + routeParameters.get("topic") + " in group " + routeParameters.get("group");
			default -> template + " " + name;
		};
	}

	/**
	 * The template's declared parameters, by name; only inbox-sync's source templates may
	 * be instantiated.
	 */
	private Map<String, RouteTemplateParameterDefinition> templateParameters(SourceDeclaration declaration) {
		Map<String, RouteTemplateDefinition> templates = sourceTemplates();
		RouteTemplateDefinition template = templates.get(declaration.template());
		if (template == null) {
			throw new SourceFileException(declaration.line(), "routeTemplateRef '" + declaration.template()
					+ "' is not one of inbox-sync's source templates " + templates.keySet());
		}
		Map<String, RouteTemplateParameterDefinition> parameters = new TreeMap<>();
		if (template.getTemplateParameters() != null) {
			template.getTemplateParameters().forEach((parameter) -> parameters.put(parameter.getName(), parameter));
		}
		return parameters;
	}

	private Map<String, RouteTemplateDefinition> sourceTemplates() {
		Map<String, RouteTemplateDefinition> templates = new TreeMap<>();
		for (RouteTemplateDefinition template : this.camelContext.getCamelContextExtension()
			.getContextPlugin(Model.class)
			.getRouteTemplateDefinitions()) {
			if (template.getId().startsWith("inbox-sync-") && template.getId().endsWith("-source")) {
				templates.put(template.getId(), template);
			}
		}
		return templates;
	}

	private void refuseUnknown(SourceDeclaration declaration, Set<String> templateParameters, boolean webhook) {
		Set<String> known = new TreeSet<>(templateParameters);
		known.addAll(EventMapping.FIELDS);
		known.addAll(EventMapping.SETTINGS);
		if (webhook) {
			known.addAll(WebhookChecks.PARAMETERS);
		}
		for (String parameter : declaration.parameters().keySet()) {
			if (!known.contains(parameter) && !EventMapping.isMappingParameter(parameter)) {
				String otherKind = kindDeclaring(parameter);
				throw new SourceFileException(declaration.lineOf(parameter),
						(otherKind != null)
								? "parameter " + parameter + " belongs to " + otherKind + ", not to "
										+ declaration.template()
								: "unknown parameter [" + parameter + "]; known: " + known);
			}
		}
	}

	private String kindDeclaring(String parameter) {
		if (WebhookChecks.PARAMETERS.contains(parameter)) {
			return WEBHOOK_TEMPLATE;
		}
		return sourceTemplates().values()
			.stream()
			.filter((template) -> template.getTemplateParameters() != null && template.getTemplateParameters()
				.stream()
				.anyMatch((definition) -> definition.getName().equals(parameter)))
			.map(RouteTemplateDefinition::getId)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The signature scheme and token a webhook source checks, and the handshakes it
	 * answers. Everything but the secrets' values is checked first, so a file that cannot
	 * work says so even before its secrets are set.
	 */
	private WebhookChecks webhookChecks(SourceDeclaration declaration, Purpose purpose) {
		Map<String, String> signatureParameters = new LinkedHashMap<>();
		for (String parameter : SignatureSchemes.PARAMETERS) {
			String value = value(declaration, parameter);
			if (value != null) {
				signatureParameters.put(parameter, value);
			}
		}
		String scheme = SignatureSchemes.schemeOf(signatureParameters);
		signatureScheme(declaration, signatureParameters, List.of());
		String tokenHeader = header(declaration, WebhookChecks.TOKEN_HEADER);
		if (scheme == null) {
			refuseUnused(declaration, SignatureSchemes.SECRETS, "verify");
		}
		if (tokenHeader == null) {
			refuseUnused(declaration, List.of(WebhookChecks.TOKEN, WebhookChecks.PREVIOUS_TOKEN),
					WebhookChecks.TOKEN_HEADER);
		}
		List<byte[]> secrets = secrets(declaration, SignatureSchemes.SECRET, SignatureSchemes.PREVIOUS_SECRET,
				scheme != null, purpose);
		List<byte[]> tokens = secrets(declaration, WebhookChecks.TOKEN, WebhookChecks.PREVIOUS_TOKEN,
				tokenHeader != null, purpose);
		byte[] verifyToken = secret(declaration, WebhookChecks.VERIFY_TOKEN, false, purpose);
		boolean subscribes = value(declaration, WebhookChecks.VERIFY_TOKEN) != null;
		return new WebhookChecks(signatureScheme(declaration, signatureParameters, secrets), tokenHeader, tokens,
				(subscribes && verifyToken == null) ? new byte[0] : verifyToken, "slack".equals(scheme));
	}

	private static SignatureScheme signatureScheme(SourceDeclaration declaration, Map<String, String> parameters,
			List<byte[]> secrets) {
		try {
			return SignatureSchemes.compile(parameters, secrets);
		}
		catch (SignatureSchemes.InvalidSchemeException ex) {
			throw new SourceFileException(declaration.lineOf(ex.parameter()), ex.getMessage());
		}
	}

	/** A secret no check uses would look like protection and be none. */
	private static void refuseUnused(SourceDeclaration declaration, List<String> secrets, String missing) {
		for (String parameter : secrets) {
			if (value(declaration, parameter) != null) {
				throw new SourceFileException(declaration.lineOf(parameter),
						"parameter " + parameter + " is given but checks nothing without " + missing);
			}
		}
	}

	/**
	 * The current secret (required when the check is made) and the previous one during a
	 * rotation, if given.
	 */
	private List<byte[]> secrets(SourceDeclaration declaration, String current, String previous, boolean needed,
			Purpose purpose) {
		List<byte[]> secrets = new ArrayList<>();
		for (byte[] secret : new byte[][] { secret(declaration, current, needed, purpose),
				secret(declaration, previous, false, purpose) }) {
			if (secret != null) {
				secrets.add(secret);
			}
		}
		return secrets;
	}

	private String header(SourceDeclaration declaration, String parameter) {
		String header = value(declaration, parameter);
		if (header != null) {
			check(declaration, parameter, header, HEADER_NAME, "an HTTP header name");
		}
		return header;
	}

	/**
	 * A secret is named, never written: {@code {{inbox-sync.sources.sms.secret}}}, which
	 * the environment sets as {@code INBOX_SYNC_SOURCES_SMS_SECRET}. Its value appears in
	 * no message.
	 */
	private byte[] secret(SourceDeclaration declaration, String parameter, boolean needed, Purpose purpose) {
		String reference = value(declaration, parameter);
		int line = declaration.lineOf(parameter);
		if (reference == null) {
			if (needed) {
				throw new SourceFileException(line,
						"parameter " + parameter + " is required by the check it belongs to");
			}
			return null;
		}
		Matcher property = SECRET_RULE.matcher(reference);
		if (!property.matches()) {
			throw new SourceFileException(line,
					"parameter " + parameter + " must name the property that holds the " + "secret, {{" + SECRETS_PREFIX
							+ "<name>}}, set from the environment: a secret is never written in " + "a source file");
		}
		if (purpose == Purpose.DRY_RUN) {
			return null;
		}
		String value = this.environment.getProperty(property.group(1));
		if (value == null || value.isBlank()) {
			throw new SourceNotConfiguredException(line, "parameter " + parameter + ": set " + property.group(1)
					+ " (environment " + environmentName(property.group(1)) + ")");
		}
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String environmentName(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	/**
	 * A folder given relative is under the data dir, where the rest of inbox-sync's state
	 * lives.
	 */
	private String folder(SourceDeclaration declaration, String value) {
		try {
			return this.dataDir.resolve(value).toAbsolutePath().normalize().toString();
		}
		catch (InvalidPathException ex) {
			throw new SourceFileException(declaration.lineOf("folder"), "parameter folder is not a valid path");
		}
	}

	private static void check(SourceDeclaration declaration, String parameter, String value, Pattern rule,
			String expected) {
		if (!rule.matcher(value).matches()) {
			throw new SourceFileException(declaration.lineOf(parameter),
					"parameter " + parameter + " must be " + expected);
		}
	}

	/** A parameter's value, trimmed; {@code null} when not given or blank. */
	private static String value(SourceDeclaration declaration, String parameter) {
		SourceDeclaration.Parameter given = declaration.parameters().get(parameter);
		return (given != null && !given.value().isBlank()) ? given.value().trim() : null;
	}

	/**
	 * A source that is fine but waits for configuration (a secret's property): a warning,
	 * not an error.
	 */
	public static class SourceNotConfiguredException extends SourceFileException {

		SourceNotConfiguredException(int line, String reason) {
			super(line, reason);
		}

	}

}
