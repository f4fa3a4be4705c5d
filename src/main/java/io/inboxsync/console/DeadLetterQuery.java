package io.inboxsync.console;

import java.util.Locale;

import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterStore;

import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The dead-letter list's filters as the console's forms and links carry them: blank is no
 * filter; the status is {@code OPEN} unless another (or {@code ANY}) is chosen.
 */
record DeadLetterQuery(String status, String source, String stage, String reason, String eventId, Integer page) {

	static final String ANY = "ANY";

	DeadLetterQuery {
		status = StringUtils.hasText(status) ? status.trim().toUpperCase(Locale.ROOT) : DeadLetter.Status.OPEN.name();
		source = blankIsNull(source);
		stage = blankIsNull(stage);
		reason = blankIsNull(reason);
		eventId = blankIsNull(eventId);
		page = (page == null || page < 0) ? 0 : page;
	}

	/** The store's filter; {@code null} status for any. */
	public DeadLetterStore.Filter filter() {
		return new DeadLetterStore.Filter(ANY.equals(this.status) ? null : DeadLetter.Status.valueOf(this.status),
				this.source, this.stage, this.reason, this.eventId, null, null);
	}

	public boolean isValid() {
		if (ANY.equals(this.status)) {
			return true;
		}
		try {
			DeadLetter.Status.valueOf(this.status);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The list with these filters, on another page. */
	public String listUrl(int otherPage) {
		return with(UriComponentsBuilder.fromPath(ConsoleSecurity.PATH + "/dead-letters")).queryParam("page", otherPage)
			.build()
			.encode()
			.toUriString();
	}

	public String listUrl() {
		return with(UriComponentsBuilder.fromPath(ConsoleSecurity.PATH + "/dead-letters")).build()
			.encode()
			.toUriString();
	}

	/** The estimate of a bulk replay of these filters' open dead letters. */
	public String bulkReplayUrl() {
		return with(UriComponentsBuilder.fromPath(ConsoleSecurity.PATH + "/dead-letters/bulk-replay")).build()
			.encode()
			.toUriString();
	}

	/** The same filters with another value for one of them. */
	public DeadLetterQuery withSource(String value) {
		return new DeadLetterQuery(this.status, value, this.stage, this.reason, this.eventId, 0);
	}

	public DeadLetterQuery withStage(String value) {
		return new DeadLetterQuery(this.status, this.source, value, this.reason, this.eventId, 0);
	}

	public DeadLetterQuery withReason(String value) {
		return new DeadLetterQuery(this.status, this.source, this.stage, value, this.eventId, 0);
	}

	private UriComponentsBuilder with(UriComponentsBuilder builder) {
		if (!DeadLetter.Status.OPEN.name().equals(this.status)) {
			builder.queryParam("status", this.status);
		}
		if (this.source != null) {
			builder.queryParam("source", this.source);
		}
		if (this.stage != null) {
			builder.queryParam("stage", this.stage);
		}
		if (this.reason != null) {
			builder.queryParam("reason", this.reason);
		}
		if (this.eventId != null) {
			builder.queryParam("eventId", this.eventId);
		}
		return builder;
	}

	private static String blankIsNull(String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
