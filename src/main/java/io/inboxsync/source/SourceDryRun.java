package io.inboxsync.source;

import java.util.Optional;

import io.inboxsync.event.EventMapper;
import io.inboxsync.event.IgnoredEventException;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;

import org.springframework.stereotype.Component;

/**
 * The event a source would make of a sample payload, for a running source or for a source
 * file not yet live: its mapping runs on the sample and nothing else happens (nothing is
 * loaded, queued or sent, no secret is resolved, no signature is checked). Shared by the
 * operator API and the console.
 */
@Component
public class SourceDryRun {

	private final RunningSources sources;

	private final SourceCompiler compiler;

	private final PayloadParser payloadParser;

	private final EventMapper eventMapper;

	SourceDryRun(RunningSources sources, SourceCompiler compiler, PayloadParser payloadParser,
			EventMapper eventMapper) {
		this.sources = sources;
		this.compiler = compiler;
		this.payloadParser = payloadParser;
		this.eventMapper = eventMapper;
	}

	/**
	 * The running source of that name tried on the payload; empty when none runs.
	 */
	public Optional<Result> ofRunning(String name, String payload, String contentType) {
		return this.sources.named(name).map((source) -> map(source, payload, contentType));
	}

	/**
	 * The first source of a file tried on the payload, the file read and checked as if it
	 * were loaded.
	 * @throws SourceFileException when the file cannot work ({@code describe(fileName)}
	 * says why, with its line)
	 */
	public Result ofFile(String file, String payload, String contentType) {
		SourceDefinition source = this.compiler.compileChecked(SourceFileReader.read(file).get(0),
				SourceCompiler.Purpose.DRY_RUN);
		return map(source, payload, contentType);
	}

	private Result map(SourceDefinition source, String payload, String contentType) {
		try {
			InboxEvent event = this.eventMapper.map(source.name(), source.mapping(),
					this.payloadParser.parse(payload, contentType));
			return new Result(source.routeId(), event, null, null);
		}
		catch (IgnoredEventException ex) {
			return new Result(source.routeId(), null, ex.getMessage(), null);
		}
		catch (InvalidEventException ex) {
			return new Result(source.routeId(), null, null, ex);
		}
	}

	/**
	 * What the source made of the sample: an event, why it ignores the sample, or why it
	 * refuses it (with the HTTP status a webhook would answer).
	 */
	public record Result(String routeId, InboxEvent event, String ignored, InvalidEventException refused) {
	}

}
