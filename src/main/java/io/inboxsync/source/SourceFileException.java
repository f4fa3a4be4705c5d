package io.inboxsync.source;

/**
 * Why a source file cannot run, and where: the line (1-based; 0 when the whole file is
 * meant). The message is in words a source's author can act on, and never holds a
 * resolved secret.
 */
public class SourceFileException extends RuntimeException {

	private final int line;

	public SourceFileException(int line, String reason) {
		super(reason);
		this.line = line;
	}

	public int line() {
		return this.line;
	}

	/** {@code sms.yaml line 12: …}, or without a line when the whole file is meant. */
	public String describe(String fileName) {
		return fileName + ((this.line > 0) ? " line " + this.line : "") + ": " + getMessage();
	}

}
