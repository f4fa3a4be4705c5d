package io.inboxsync.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a source file as data: a list of {@code templatedRoute} entries, each naming one
 * of inbox-sync's source templates and giving it parameters. Nothing else is accepted, so
 * a source file can never declare a route, a bean or anything else Camel would run; it is
 * read as YAML nodes only, never handed to Camel's route loader. <pre>
 * - templatedRoute:
 *     routeTemplateRef: inbox-sync-webhook-source
 *     routeId: inbox-sync-source-chat-tool      # optional
 *     parameters:
 *       - name: name
 *         value: chat-tool
 * </pre>
 */
final class SourceFileReader {

	/** A source file is a few dozen lines; anything far larger is a mistake. */
	static final int MAX_SIZE = 64 * 1024;

	private static final Set<String> ENTRY_KEYS = Set.of("routeTemplateRef", "routeId", "parameters");

	private static final LoadSettings SETTINGS = LoadSettings.builder()
		.setMaxAliasesForCollections(10)
		.setCodePointLimit(MAX_SIZE)
		.build();

	private SourceFileReader() {
	}

	/**
	 * The file's source declarations, in order.
	 * @throws SourceFileException with the line of the first thing that is not a source
	 * declaration
	 */
	static List<SourceDeclaration> read(String content) {
		if (content.length() > MAX_SIZE) {
			throw new SourceFileException(0, "the file is larger than " + MAX_SIZE + " characters");
		}
		Optional<Node> document;
		try {
			document = new Compose(SETTINGS).composeString(content);
		}
		catch (MarkedYamlEngineException ex) {
			int line = ex.getProblemMark().or(ex::getContextMark).map((mark) -> mark.getLine() + 1).orElse(0);
			throw new SourceFileException(line, "not valid YAML: " + ex.getProblem());
		}
		catch (YamlEngineException ex) {
			throw new SourceFileException(0, "not valid YAML: " + ex.getMessage());
		}
		if (document.isEmpty()) {
			throw new SourceFileException(0, "the file declares no source");
		}
		if (!(document.get() instanceof SequenceNode entries)) {
			throw new SourceFileException(line(document.get()),
					"a source file is a list of '- templatedRoute:' entries");
		}
		List<SourceDeclaration> declarations = new ArrayList<>();
		for (Node entry : entries.getValue()) {
			declarations.add(declaration(entry));
		}
		if (declarations.isEmpty()) {
			throw new SourceFileException(line(entries), "the file declares no source");
		}
		return declarations;
	}

	private static SourceDeclaration declaration(Node entry) {
		if (!(entry instanceof MappingNode mapping) || mapping.getValue().size() != 1
				|| !"templatedRoute".equals(scalar(mapping.getValue().get(0).getKeyNode()))) {
			throw new SourceFileException(line(entry), "only '- templatedRoute:' entries are allowed in a source "
					+ "file (no route, beans or other Camel DSL): a source is an instance of an inbox-sync source template");
		}
		Node body = mapping.getValue().get(0).getValueNode();
		if (!(body instanceof MappingNode fields)) {
			throw new SourceFileException(line(body), "templatedRoute holds routeTemplateRef, routeId and parameters");
		}
		String template = null;
		String routeId = null;
		int routeIdLine = line(entry);
		Map<String, SourceDeclaration.Parameter> parameters = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>();
		for (NodeTuple field : fields.getValue()) {
			String key = scalar(field.getKeyNode());
			if (key == null || !ENTRY_KEYS.contains(key)) {
				throw new SourceFileException(line(field.getKeyNode()),
						"templatedRoute holds only " + ENTRY_KEYS + ", not " + describe(key));
			}
			if (!seen.add(key)) {
				throw new SourceFileException(line(field.getKeyNode()), key + " is given twice");
			}
			switch (key) {
				case "routeTemplateRef" -> template = requiredScalar(field.getValueNode(), key);
				case "routeId" -> {
					routeId = requiredScalar(field.getValueNode(), key);
					routeIdLine = line(field.getValueNode());
				}
				default -> parameters(field.getValueNode(), parameters);
			}
		}
		if (template == null) {
			throw new SourceFileException(line(entry), "templatedRoute needs a routeTemplateRef");
		}
		return new SourceDeclaration(template, routeId, routeIdLine, parameters, line(entry));
	}

	private static void parameters(Node node, Map<String, SourceDeclaration.Parameter> parameters) {
		if (!(node instanceof SequenceNode list)) {
			throw new SourceFileException(line(node), "parameters is a list of '- name: …' and 'value: …' pairs");
		}
		for (Node item : list.getValue()) {
			if (!(item instanceof MappingNode pair)) {
				throw new SourceFileException(line(item), "a parameter is a 'name:' and a 'value:'");
			}
			String name = null;
			String value = null;
			for (NodeTuple field : pair.getValue()) {
				String key = scalar(field.getKeyNode());
				if (("name".equals(key) && name != null) || ("value".equals(key) && value != null)) {
					throw new SourceFileException(line(field.getKeyNode()), "a parameter's " + key + " is given twice");
				}
				if ("name".equals(key)) {
					name = requiredScalar(field.getValueNode(), "a parameter's name");
				}
				else if ("value".equals(key)) {
					value = requiredScalar(field.getValueNode(), "a parameter's value");
				}
				else {
					throw new SourceFileException(line(field.getKeyNode()),
							"a parameter has only a name and a value, not " + describe(key));
				}
			}
			if (name == null || value == null) {
				throw new SourceFileException(line(item), "a parameter needs both a name and a value");
			}
			if (parameters.containsKey(name)) {
				throw new SourceFileException(line(item), "parameter " + name + " is given twice");
			}
			parameters.put(name, new SourceDeclaration.Parameter(value, line(item)));
		}
	}

	private static String requiredScalar(Node node, String what) {
		String value = scalar(node);
		if (value == null) {
			throw new SourceFileException(line(node), what + " must be a single value, not a list or a map");
		}
		return value;
	}

	private static String scalar(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	private static String describe(String key) {
		return (key != null) ? "'" + key + "'" : "a list or a map";
	}

	private static int line(Node node) {
		return node.getStartMark().map(Mark::getLine).map((line) -> line + 1).orElse(0);
	}

}
