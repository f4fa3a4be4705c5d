package io.inboxsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SwaggerV20Library;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jackson.NodeType;
import com.github.fge.jsonschema.cfg.ValidationConfiguration;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ListReportProvider;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.format.AbstractFormatAttribute;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import com.github.fge.jsonschema.processors.data.FullData;
import com.github.fge.msgsimple.bundle.MessageBundle;
import com.github.fge.msgsimple.load.MessageBundles;

import org.springframework.core.io.ClassPathResource;

/**
 * The Wix calls inbox-sync uses, as one OpenAPI document ({@value #LOCATION}), and what a
 * request breaks of it in Wix's words: each broken rule becomes a field violation with
 * Wix's dotted field name ({@code message.badges[0].text}) and rule name
 * ({@code REQUIRED_FIELD}, {@code MAX_SIZE}, …). The sandbox refuses what breaks it;
 * tests check inbox-sync's own requests with it.
 */
public final class WixContract {

	public static final String LOCATION = "wix-sandbox/wix-api.openapi.yaml";

	private static final Pattern GUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	private static final Pattern QUOTED_NAMES = Pattern.compile("\\[(\"[^]]*)]");

	/**
	 * Where the JSON schema library states a bound: "maximum allowed: 256", "at most 1",
	 * "(minimum: 1, found: 0)".
	 */
	private static final Pattern BOUND = Pattern
		.compile("(?:maximum allowed: |required minimum: |at most |at least |maximum: |minimum: )(\\d+)");

	/**
	 * The rule name of a violation that says the contract has no such call: the sandbox
	 * answers it with 404.
	 */
	public static final String UNKNOWN_CALL = "UNKNOWN_CALL";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final OpenApiInteractionValidator validator;

	private WixContract(OpenApiInteractionValidator validator) {
		this.validator = validator;
	}

	/**
	 * Reads the document from the classpath; the parsed contract is immutable and safe to
	 * share.
	 */
	public static WixContract load() {
		try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
			String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new WixContract(OpenApiInteractionValidator.createForInlineApiSpecification(document)
				.withSchemaFactorySupplier(WixContract::schemaFactory)
				.withLevelResolver(LevelResolver.create()
					// Wix ignores fields it does not know, and so does its contract.
					.withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
					.withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
					// Sign-in is the sandbox's SandboxAuthFilter's job, with Wix's 401
					// and 403.
					.withLevel("validation.request.security", ValidationReport.Level.IGNORE)
					.build())
				.build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Wix contract " + LOCATION, ex);
		}
	}

	/**
	 * What a request breaks: empty when it keeps the contract.
	 * @param path Wix's path, without the sandbox's prefix
	 * @param query each query parameter's values, already decoded from Wix's {@code .r}
	 * form
	 * @param body the JSON body, or {@code null}
	 */
	public List<Violation> check(String method, String path, Map<String, List<String>> query, String body) {
		SimpleRequest.Builder request = new SimpleRequest.Builder(
				Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), path)
			.withAccept("application/json");
		query.forEach(request::withQueryParam);
		if (body != null) {
			request.withContentType("application/json").withBody(body);
		}
		return violations(this.validator.validateRequest(request.build()));
	}

	/**
	 * What an answer breaks of the contract: how tests hold the sandbox to Wix's response
	 * shapes.
	 */
	public List<Violation> checkResponse(String method, String path, int status, String body) {
		SimpleResponse response = SimpleResponse.Builder.status(status)
			.withContentType("application/json")
			.withBody(body)
			.build();
		return violations(this.validator.validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
				response));
	}

	private static List<Violation> violations(ValidationReport report) {
		List<Violation> violations = new ArrayList<>();
		for (ValidationReport.Message message : report.getMessages()) {
			if (message.getLevel() == ValidationReport.Level.ERROR) {
				violations.addAll(toViolations(message));
			}
		}
		return violations;
	}

	/**
	 * One report message in Wix's terms. The keys are the validator's
	 * ({@code validation.request.body.schema.maxItems},
	 * {@code validation.request.parameter.query.missing}); a missing-properties message
	 * names several fields.
	 */
	private static List<Violation> toViolations(ValidationReport.Message message) {
		String key = message.getKey();
		String text = message.getMessage();
		String field = fieldOf(message);
		if (key.equals("validation.request.path.missing") || key.equals("validation.request.operation.notAllowed")) {
			return List.of(new Violation("", lowerFirst(text), "OTHER", Map.of("ruleName", UNKNOWN_CALL)));
		}
		if (key.endsWith(".missing")) {
			return List.of(new Violation(field.isEmpty() ? "body" : field, "must not be empty", "REQUIRED_FIELD"));
		}
		String keyword = key.contains(".schema.") ? key.substring(key.indexOf(".schema.") + ".schema.".length()) : key;
		if (keyword.equals("required")) {
			return missingNames(text).stream()
				.map((name) -> new Violation(field.isEmpty() ? name : field + "." + name, "must not be empty",
						"REQUIRED_FIELD"))
				.toList();
		}
		return List.of(switch (keyword) {
			case "maxLength" -> new Violation(field, "must not be longer than " + limit(text), "MAX_LENGTH");
			case "minLength" -> new Violation(field, "must not be shorter than " + limit(text), "MIN_LENGTH");
			case "maxItems" -> new Violation(field, "must have at most " + limit(text) + " items", "MAX_SIZE");
			case "minItems" -> new Violation(field, "must have at least " + limit(text) + " items", "MIN_SIZE");
			case "maximum" -> new Violation(field, "must not be greater than " + limit(text), "MAX");
			case "minimum" -> new Violation(field, "must not be less than " + limit(text), "MIN");
			case "format.uuid" -> new Violation(field, "must be a valid GUID", "FORMAT");
			case "format.web-url" -> new Violation(field, "must be a valid web URL", "FORMAT");
			case "format.int32", "format.int64", "type", "pattern" ->
				new Violation(field, lowerFirst(withoutPath(text)), "FORMAT");
			case "enum" ->
				new Violation(field, "must be one of " + allowedValues(text), "OTHER", Map.of("ruleName", "ENUM"));
			case "oneOf" -> new Violation(field, "must have exactly one of its kinds", "OTHER");
			case "anyOf" -> new Violation(field, "must have at least one of its parts", "OTHER");
			case "invalidJson" ->
				new Violation("", "the body is not valid JSON", "OTHER", Map.of("ruleName", "INVALID_JSON"));
			default -> new Violation(field, lowerFirst(withoutPath(text)), "OTHER");
		});
	}

	/** A query parameter's name, or the body field the message points at. */
	private static String fieldOf(ValidationReport.Message message) {
		return message.getContext()
			.flatMap(ValidationReport.MessageContext::getParameter)
			.map((parameter) -> parameter.getName())
			.or(() -> message.getContext()
				.flatMap(ValidationReport.MessageContext::getPointers)
				.map((pointers) -> dotted(pointers.getInstance())))
			.orElse("");
	}

	/** {@code /message/badges/0/iconUrl} is Wix's {@code message.badges[0].iconUrl}. */
	private static String dotted(String pointer) {
		StringBuilder field = new StringBuilder();
		for (String part : pointer.split("/")) {
			if (part.isEmpty()) {
				continue;
			}
			String name = part.replace("~1", "/").replace("~0", "~");
			if (name.chars().allMatch(Character::isDigit)) {
				field.append('[').append(name).append(']');
			}
			else {
				field.append(field.isEmpty() ? "" : ".").append(name);
			}
		}
		return field.toString();
	}

	/**
	 * The JSON schema library lists the missing names as a JSON array in its message:
	 * {@code (["direction"])}.
	 */
	private static List<String> missingNames(String message) {
		Matcher names = QUOTED_NAMES.matcher(message);
		if (!names.find()) {
			return List.of("");
		}
		try {
			List<String> found = new ArrayList<>();
			JSON.readTree("[" + names.group(1) + "]").forEach((name) -> found.add(name.asText()));
			return found;
		}
		catch (IOException ex) {
			return List.of("");
		}
	}

	private static String allowedValues(String message) {
		Matcher values = Pattern.compile("possible values: (\\[.*])").matcher(message);
		return values.find() ? values.group(1) : "the allowed values";
	}

	/** The schema's bound, as the library words it in its message. */
	private static String limit(String message) {
		Matcher bound = BOUND.matcher(message);
		return bound.find() ? bound.group(1) : "the limit";
	}

	/**
	 * The library's own text, without the echo of the path and the value (which can be 16
	 * KB of text).
	 */
	private static String withoutPath(String message) {
		return message.replaceFirst("^\\[Path '[^']*'] ", "").replaceAll("\"[^\"]{40,}\"", "\"…\"");
	}

	private static String lowerFirst(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	/** The validator's JSON schema rules, plus Wix's two formats: GUIDs and web URLs. */
	private static JsonSchemaFactory schemaFactory() {
		return JsonSchemaFactory.newBuilder()
			.setValidationConfiguration(
					ValidationConfiguration.newBuilder()
						.setDefaultLibrary(SwaggerV20Library.OAI_V2_METASCHEMA_URI, SwaggerV20Library.get()
							.thaw()
							.addFormatAttribute("uuid", new WixFormat("uuid", (value) -> GUID.matcher(value).matches()))
							.addFormatAttribute("web-url", new WixFormat("web-url", WixContract::isWebUrl))
							.freeze())
						.setSyntaxMessages(MessageBundles.getBundle(SwaggerV20Library.SyntaxBundle.class))
						.setValidationMessages(MessageBundles.getBundle(SwaggerV20Library.ValidationBundle.class))
						.freeze())
			.setReportProvider(new ListReportProvider(LogLevel.ERROR, LogLevel.FATAL))
			.freeze();
	}

	static boolean isWebUrl(String url) {
		try {
			URI uri = URI.create(url);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * One broken rule, as Wix reports it in
	 * {@code details.validationError.fieldViolations}.
	 */
	public record Violation(String field, String description, String violatedRule, Map<String, Object> data) {

		public Violation(String field, String description, String violatedRule) {
			this(field, description, violatedRule, Map.of());
		}

	}

	/**
	 * A string format checked by a predicate; the violation's wording comes from
	 * {@link #toViolations}.
	 */
	private static final class WixFormat extends AbstractFormatAttribute {

		private final java.util.function.Predicate<String> valid;

		WixFormat(String name, java.util.function.Predicate<String> valid) {
			super(name, NodeType.STRING);
			this.valid = valid;
		}

		@Override
		public void validate(ProcessingReport report, MessageBundle bundle, FullData data) throws ProcessingException {
			String value = data.getInstance().getNode().textValue();
			if (!this.valid.test(value)) {
				report.error(newMsg(data, bundle, "err.format.invalidURI").putArgument("value", value));
			}
		}

	}

}
