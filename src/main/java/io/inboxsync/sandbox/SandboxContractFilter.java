package io.inboxsync.sandbox;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.web.ReadBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Holds every Wix request to {@link WixContract}: what breaks it is answered 400 with
 * Wix's field violations before any handler runs, so the handlers deal only with what Wix
 * itself decides (not found, duplicates); a call the contract does not have is 404. Also
 * reads Wix's SDK form of a GET, {@code ?.r=<base64url JSON>}, into plain dotted
 * parameters, so each handler sees one form.
 */
class SandboxContractFilter extends SandboxFilter {

	private final WixContract contract;

	SandboxContractFilter(WixContract contract, ObjectMapper objectMapper) {
		super(objectMapper);
		this.contract = contract;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		Map<String, List<String>> query;
		try {
			query = queryParameters(request.getQueryString());
		}
		catch (IllegalArgumentException ex) {
			answer(response,
					WixError.invalid(List.of(new WixContract.Violation(".r", "must be base64url JSON", "FORMAT"))));
			return;
		}
		List<WixContract.Violation> violations = this.contract.check(request.getMethod(), SandboxPaths.wixPath(request),
				query, (body.length > 0) ? new String(body, StandardCharsets.UTF_8) : null);
		boolean unknownCall = violations.stream()
			.anyMatch((violation) -> WixContract.UNKNOWN_CALL.equals(violation.data().get("ruleName")));
		if (unknownCall) {
			answer(response, WixError.unknownCall(request.getMethod() + " " + SandboxPaths.wixPath(request)));
			return;
		}
		if (!violations.isEmpty()) {
			answer(response, WixError.invalid(violations));
			return;
		}
		chain.doFilter(new CheckedRequest(request, body, query), response);
	}

	/**
	 * The query's parameters; with {@code .r}, the JSON request it encodes, flattened to
	 * dotted names.
	 */
	private Map<String, List<String>> queryParameters(String queryString) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (queryString == null || queryString.isEmpty()) {
			return query;
		}
		for (String pair : queryString.split("&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair, StandardCharsets.UTF_8);
			String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
			query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		List<String> encoded = query.remove(".r");
		if (encoded != null) {
			flatten("", readEncodedRequest(encoded.get(0)), query);
		}
		return query;
	}

	private JsonNode readEncodedRequest(String encoded) {
		try {
			JsonNode request = this.objectMapper.readTree(Base64.getUrlDecoder().decode(encoded));
			if (request == null || !request.isObject()) {
				throw new IllegalArgumentException(".r is not a JSON object");
			}
			return request;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static void flatten(String prefix, JsonNode node, Map<String, List<String>> query) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> flatten(prefix + entry.getKey() + ".", entry.getValue(), query));
		}
		else if (node.isArray()) {
			node.forEach((item) -> flatten(prefix, item, query));
		}
		else {
			query.computeIfAbsent(prefix.substring(0, prefix.length() - 1), (key) -> new ArrayList<>())
				.add(node.asText());
		}
	}

	/**
	 * The request as checked: its body readable again, its parameters those of the query
	 * as decoded.
	 */
	private static final class CheckedRequest extends ReadBodyRequest {

		private final Map<String, String[]> parameters = new LinkedHashMap<>();

		CheckedRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> query) {
			super(request, body);
			query.forEach((name, values) -> this.parameters.put(name, values.toArray(String[]::new)));
		}

		@Override
		public String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Collections.unmodifiableMap(this.parameters);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

}
