package io.inboxsync.source;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.inboxsync.config.InboxSyncProperties;
import org.apache.camel.Exchange;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A JSON-lines file as a folder source reads it: as it streams, in batches of
 * {@code inbox-sync.folders.lines-per-commit} numbered lines, each batch queued in one
 * transaction. Blank lines are left out and still counted, so a line's number is its
 * number in the file.
 */
@Component("jsonLines")
public class JsonLines {

	/** One line of the file and its number, from 1. */
	public record Line(long number, String text) {
	}

	private final int linesPerBatch;

	@Autowired
	public JsonLines(InboxSyncProperties properties) {
		this(properties.folders().linesPerCommit());
	}

	JsonLines(int linesPerBatch) {
		this.linesPerBatch = linesPerBatch;
	}

	/** The file's batches, read as they are asked for; closing it closes the file. */
	public Iterator<List<Line>> batches(Reader file) {
		return new Batches(new BufferedReader(file), this.linesPerBatch);
	}

	/**
	 * Makes a line the exchange's payload: its text as the body, kept as read
	 * ({@link SourceDeadLetters#PAYLOAD}) with its number
	 * ({@link SourceDeadLetters#LINE}) for the dead letter if it cannot be mapped.
	 */
	public void take(Line line, Exchange exchange) {
		exchange.setVariable(SourceDeadLetters.PAYLOAD, line.text());
		exchange.setVariable(SourceDeadLetters.LINE, line.number());
		exchange.getMessage().setBody(line.text());
	}

	private static final class Batches implements Iterator<List<Line>>, Closeable {

		private final BufferedReader file;

		private final int size;

		private long lastNumber;

		private List<Line> next;

		Batches(BufferedReader file, int size) {
			this.file = file;
			this.size = size;
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
				for (String text = this.file.readLine(); text != null; text = this.file.readLine()) {
					this.lastNumber++;
					if (!text.isBlank()) {
						batch.add(new Line(this.lastNumber, text));
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

		@Override
		public void close() throws IOException {
			this.file.close();
		}

	}

}
