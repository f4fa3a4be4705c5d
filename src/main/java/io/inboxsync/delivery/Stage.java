package io.inboxsync.delivery;

import java.util.Arrays;

import org.apache.camel.Exchange;

/**
 * Where an event failed, as a dead letter names it. Each pipeline stage is its own route
 * (routes/pipeline.yaml), so the stage of a failure is the route it failed in; a failure
 * anywhere else (a source, or a message on a queue that is not what the queue carries)
 * happened before there was an event to deliver.
 */
public enum Stage {

	/** A payload or queued message that is not an inbox-sync event. */
	MAPPING("mapping", null),

	/** Query Contacts, and the no-contact policy. */
	LOOKUP("lookup", "inbox-sync-lookup"),

	/** Get or Create Conversation. */
	CONVERSATION("conversation", "inbox-sync-conversation"),

	/** The check for a message Wix may already hold, and Send Message. */
	SEND("send", "inbox-sync-send"),

	/** A reply written in Wix Inbox, sent to the customer's channel. */
	REPLY("reply", "inbox-sync-reply");

	private final String value;

	private final String routeId;

	Stage(String value, String routeId) {
		this.value = value;
		this.routeId = routeId;
	}

	/** The stage's name in dead letters and the operator API. */
	public String value() {
		return this.value;
	}

	/**
	 * The id of the stage's route, or {@code null} for a failure outside the pipeline's
	 * stages.
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * The stage whose route the exchange failed in (Camel's failure route id), or
	 * {@link #MAPPING}.
	 */
	public static Stage ofFailure(Exchange exchange) {
		return ofRoute(exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
	}

	public static Stage ofRoute(String routeId) {
		return Arrays.stream(values())
			.filter((stage) -> stage.routeId != null && stage.routeId.equals(routeId))
			.findFirst()
			.orElse(MAPPING);
	}

}
