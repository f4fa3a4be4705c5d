package io.inboxsync.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Exchange;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A JSON-lines file as a folder source reads it: as it streams, in batches of
 * {@code inbox-sync.folders.lines-per-commit} numbered lines, each batch queued in one
 * transaction. Blank lines are left out and still counted, so a line's number is its
 * number in the file. A line longer than {@code inbox-sync.folders.max-event-size}
 * characters is not held whole: its start is kept, for its dead letter.
 */
@Component("jsonLines")
public class JsonLines {

	/** How much of a line that is too long its dead letter keeps. */
	static final int KEPT_OF_A_LONG_LINE = 1000;

	/**
	 * One line of the file and its number, from 1; {@code cut} when only its start was
	 * kept.
	 */
	public record Line(long number, String text, boolean cut) {

		public Line(long number, String text) {
			this(number, text, false);
		}

	}

	private final int linesPerBatch;

	private final int maxLineLength;

	@Autowired
	public JsonLines(InboxSyncProperties properties) {
		this(properties.folders().linesPerCommit(),
				(int) Math.min(Integer.MAX_VALUE - 8, properties.folders().maxEventSize().toBytes()));
	}

	JsonLines(int linesPerBatch, int maxLineLength) {
		this.linesPerBatch = linesPerBatch;
		this.maxLineLength = maxLineLength;
	}

	/** The file's batches, read as they are asked for; closing it closes the file. */
	public Iterator<List<Line>> batches(Reader file) {
		return new Batches(file, this.linesPerBatch, this.maxLineLength);
	}

	/**
	 * Makes a line the exchange's payload: its text as the body, kept as read
	 * ({@link SourceDeadLetters#PAYLOAD}) with its number
	 * ({@link SourceDeadLetters#LINE}) for the dead letter if it cannot be mapped.
	 * @throws InvalidEventException for a line that was too long to read whole
	 */
	public void take(Line line, Exchange exchange) {
		exchange.setVariable(SourceDeadLetters.PAYLOAD, line.text());
		exchange.setVariable(SourceDeadLetters.LINE, line.number());
		if (line.cut()) {
			throw new InvalidEventException("the line is longer than " + this.maxLineLength + " characters ("
					+ InboxSyncProperties.Folders.MAX_EVENT_SIZE + "); its first " + KEPT_OF_A_LONG_LINE + " are kept");
		}
		exchange.getMessage().setBody(line.text());
	}

	private static final class Batches implements Iterator<List<Line>>, Closeable {

		private final Reader file;

		private final int size;

		private final int maxLineLength;

		private final char[] buffer = new char[8192];

		private int position;

		private int end;

		private long lastNumber;

		private List<Line> next;

		Batches(Reader file, int size, int maxLineLength) {
			this.file = file;
			this.size = size;
			this.maxLineLength = maxLineLength;
		}

		@Override
		public boolean hasNext() {
			if (this.next == null) {
				this.next = read();
			}
			return !this.next.isEmpty();
		}

		@Override
		public List<Line> next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			List<Line> batch = this.next;
			this.next = null;
			return batch;
		}

		private List<Line> read() {
			List<Line> batch = new ArrayList<>(this.size);
			try {
				for (Line line = readLine(); line != null; line = readLine()) {
					if (!line.text().isBlank()) {
						batch.add(line);
						if (batch.size() == this.size) {
							break;
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return batch;
		}

		/**
		 * The next line without its end ({@code \n} or {@code \r\n}), or null at the end
		 * of the file. Past the longest line allowed, the rest of the line is read and
		 * dropped.
		 */
		private Line readLine() throws IOException {
			StringBuilder text = null;
			boolean cut = false;
			while (true) {
				if (this.position == this.end) {
					this.end = this.file.read(this.buffer);
					this.position = 0;
					if (this.end <= 0) {
						this.end = 0;
						return (text == null) ? null : line(text, cut);
					}
				}
				int start = this.position;
				while (this.position < this.end && this.buffer[this.position] != '\n') {
					this.position++;
				}
				if (text == null) {
					text = new StringBuilder();
				}
				if (!cut) {
					// One more than the longest line: its end may be \r\n.
					int room = this.maxLineLength + 1 - text.length();
					int length = this.position - start;
					if (length <= room) {
						text.append(this.buffer, start, length);
					}
					else {
						text.append(this.buffer, start, room);
						keepStart(text);
						cut = true;
					}
				}
				if (this.position < this.end) {
					this.position++;
					return line(text, cut);
				}
			}
		}

		private void keepStart(StringBuilder text) {
			text.setLength(Math.min(text.length(), Math.min(KEPT_OF_A_LONG_LINE, this.maxLineLength)));
		}

		private Line line(StringBuilder text, boolean cut) {
			this.lastNumber++;
			int length = text.length();
			if (!cut && length > 0 && text.charAt(length - 1) == '\r') {
				text.setLength(length - 1);
			}
			if (!cut && text.length() > this.maxLineLength) {
				cut = true;
				keepStart(text);
			}
			return new Line(this.lastNumber, text.toString(), cut);
		}

		@Override
		public void close() throws IOException {
			this.file.close();
		}

	}

}
