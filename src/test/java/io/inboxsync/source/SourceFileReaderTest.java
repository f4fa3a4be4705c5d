package io.inboxsync.source;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source file is read as data: templatedRoute entries and nothing else, with the line
 * of what is wrong.
 */
class SourceFileReaderTest {

	@Test
	void readsEachTemplatedRouteWithItsParametersAndLines() {
		List<SourceDeclaration> declarations = SourceFileReader.read("""
				# a comment
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    routeId: inbox-sync-source-chat
				    parameters:
				      - name: name
				        value: chat
				      - {name: text, value: $.text}
				- templatedRoute:
				    routeTemplateRef: inbox-sync-queue-source
				    parameters:
				      - {name: name, value: crm}
				""");

		assertThat(declarations).hasSize(2);
		SourceDeclaration chat = declarations.get(0);
		assertThat(chat.template()).isEqualTo("inbox-sync-webhook-source");
		assertThat(chat.routeId()).isEqualTo("inbox-sync-source-chat");
		assertThat(chat.routeIdLine()).isEqualTo(4);
		assertThat(chat.parameters().get("name").value()).isEqualTo("chat");
		assertThat(chat.lineOf("name")).isEqualTo(6);
		assertThat(chat.lineOf("text")).isEqualTo(8);
		assertThat(chat.lineOf("email")).as("not given: the entry's line").isEqualTo(2);
		assertThat(declarations.get(1).routeId()).isNull();
	}

	@Test
	void anythingButTemplatedRoutesIsRefusedWithItsLine() {
		assertRefused("- route:\n    from: {uri: timer:x}\n", 1, "only '- templatedRoute:' entries are allowed");
		assertRefused("- beans:\n    - {name: x, type: java.io.File}\n", 1, "only '- templatedRoute:' entries");
		assertRefused("- templatedRoute:\n    routeTemplateRef: t\n    beans: []\n", 3, "templatedRoute holds only [");
		assertRefused("- templatedRoute:\n    routeTemplateRef: t\n    parameters:\n      - {name: a, value: [1]}\n", 4,
				"a parameter's value must be a single value");
		assertRefused("- templatedRoute:\n    routeTemplateRef: t\n    parameters:\n      - {name: a, value: 1}\n"
				+ "      - {name: a, value: 2}\n", 5, "parameter a is given twice");
		assertRefused("- templatedRoute:\n    parameters: []\n", 1, "templatedRoute needs a routeTemplateRef");
		assertRefused("templatedRoute: {}\n", 1, "a source file is a list of '- templatedRoute:' entries");
		assertRefused("- templatedRoute: [oops\n", 2, "not valid YAML");
		assertRefused("", 0, "the file declares no source");
		assertRefused("- templatedRoute:\n    routeTemplateRef: t\n    routeTemplateRef: u\n", 3,
				"routeTemplateRef is given twice");
		assertRefused(
				"- templatedRoute:\n    routeTemplateRef: t\n    parameters:\n      - {name: a, name: b, value: 1}\n",
				4, "a parameter's name is given twice");
	}

	@Test
	void aliasesCannotBlowAFileUp() {
		StringBuilder bomb = new StringBuilder("- templatedRoute:\n    routeTemplateRef: &a [x,x,x,x,x,x,x,x,x]\n");
		String previous = "a";
		for (int level = 0; level < 12; level++) {
			bomb.append("    l")
				.append(level)
				.append(": &l")
				.append(level)
				.append(" [*")
				.append(previous)
				.append(",*")
				.append(previous)
				.append(",*")
				.append(previous)
				.append("]\n");
			previous = "l" + level;
		}
		assertThatThrownBy(() -> SourceFileReader.read(bomb.toString())).isInstanceOf(SourceFileException.class);
	}

	private static void assertRefused(String content, int line, String reason) {
		assertThatThrownBy(() -> SourceFileReader.read(content)).isInstanceOfSatisfying(SourceFileException.class,
				(ex) -> {
					assertThat(ex.line()).isEqualTo(line);
					assertThat(ex.getMessage()).contains(reason);
				});
	}

}
