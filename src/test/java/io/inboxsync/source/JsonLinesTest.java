package io.inboxsync.source;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {

	private final JsonLines jsonLines = new JsonLines(2, 10);

	@Test
	void linesComeInBatchesNumberedAsInTheFileBlankLinesLeftOut() {
		List<List<JsonLines.Line>> batches = all(this.jsonLines.batches(new StringReader("a\n\nb\n  \nc\nd\ne\n\n")));

		assertThat(batches).containsExactly(List.of(new JsonLines.Line(1, "a"), new JsonLines.Line(3, "b")),
				List.of(new JsonLines.Line(5, "c"), new JsonLines.Line(6, "d")), List.of(new JsonLines.Line(7, "e")));
	}

	@Test
	void aFileOfBlankLinesHasNoBatch() {
		assertThat(this.jsonLines.batches(new StringReader("\n\n \n"))).isExhausted();
	}

	@Test
	void aLineWithoutItsNewlineAtTheEndCounts() {
		assertThat(all(this.jsonLines.batches(new StringReader("a\r\nb"))))
			.containsExactly(List.of(new JsonLines.Line(1, "a"), new JsonLines.Line(2, "b")));
	}

	@Test
	void aLineLongerThanAllowedKeepsItsStartAndTheNextLineGoesOn() {
		JsonLines shortLines = new JsonLines(10, 5);

		assertThat(all(shortLines.batches(new StringReader("abc\r\n0123456789\nde\n")))).containsExactly(List
			.of(new JsonLines.Line(1, "abc"), new JsonLines.Line(2, "01234", true), new JsonLines.Line(3, "de")));
	}

	@Test
	void aLineAsLongAsAllowedEndsWithEitherNewline() {
		JsonLines shortLines = new JsonLines(10, 5);

		assertThat(all(shortLines.batches(new StringReader("01234\r\n56789\n012345\r\n")))).containsExactly(List
			.of(new JsonLines.Line(1, "01234"), new JsonLines.Line(2, "56789"), new JsonLines.Line(3, "01234", true)));
	}

	@Test
	void aCarriageReturnAndItsNewlineInTwoReadsEndOneLine() {
		String line = "y".repeat(8191);

		assertThat(all(new JsonLines(10, 10_000).batches(new StringReader(line + "\r\nz"))))
			.containsExactly(List.of(new JsonLines.Line(1, line), new JsonLines.Line(2, "z")));
	}

	@Test
	void linesLongerThanTheReadBufferAreReadWhole() {
		String line = "y".repeat(20_000);
		JsonLines longLines = new JsonLines(10, 30_000);

		assertThat(all(longLines.batches(new StringReader(line + "\n" + line))))
			.containsExactly(List.of(new JsonLines.Line(1, line), new JsonLines.Line(2, line)));
	}

	@Test
	void closingTheBatchesClosesTheFile() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		Reader file = new StringReader("a\n") {

			@Override
			public void close() {
				closed.set(true);
			}

		};

		((AutoCloseable) this.jsonLines.batches(file)).close();
		assertThat(closed).isTrue();
	}

	private static List<List<JsonLines.Line>> all(Iterator<List<JsonLines.Line>> batches) {
		List<List<JsonLines.Line>> all = new ArrayList<>();
		batches.forEachRemaining(all::add);
		return all;
	}

}
