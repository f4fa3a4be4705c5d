package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The ends of a folder source's file: a {@code .json} file too big for one event is
 * refused before it is read; a file that could not be processed moves to {@code .error}
 * (the file consumer's {@code moveFailed}), and this writes {@code <file>.reason.txt}
 * beside it, so whoever looks in the folder learns why without reading logs.
 */
@Component("folderIntake")
public class FolderIntake {

	/** Where a folder source moves the files it could not process. */
	public static final String ERROR_FOLDER = ".error";

	private static final Logger log = LoggerFactory.getLogger(FolderIntake.class);

	private final DataSize maxEventSize;

	public FolderIntake(InboxSyncProperties properties) {
		this.maxEventSize = properties.folders().maxEventSize();
	}

	/**
	 * A {@code .json} file is one event, read whole: one bigger than
	 * {@code inbox-sync.folders.max-event-size} is refused unread.
	 */
	public void refuseTooLarge(Exchange exchange) {
		GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
		if (file != null && file.getFileLength() > this.maxEventSize.toBytes()) {
			throw new InvalidEventException("the file has " + file.getFileLength() + " bytes, more than one event "
					+ "may (" + InboxSyncProperties.Folders.MAX_EVENT_SIZE + ", " + this.maxEventSize.toBytes()
					+ " bytes): a .json " + "file holds one event; put many in a .jsonl file, one per line");
		}
	}

	public void failed(Exchange exchange) throws IOException {
		Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		// The file itself, not its headers: a failing line of it may have had its headers
		// removed already.
		GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
		String fileName = file.getFileNameOnly();
		Path folder = Path.of(file.getParent());
		String reason = innermostMessage(cause);
		Path errors = Files.createDirectories(folder.resolve(ERROR_FOLDER));
		Files.writeString(errors.resolve(fileName + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
		log.warn("Source {} could not process file {}, moved to {}: {}", exchange.getFromRouteId(), fileName,
				ERROR_FOLDER, reason);
	}

	private static String innermostMessage(Throwable failure) {
		String message = "unknown";
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

}
