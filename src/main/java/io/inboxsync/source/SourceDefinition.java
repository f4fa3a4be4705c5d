package io.inboxsync.source;

import java.util.Map;

import io.inboxsync.event.EventMapping;

/**
 * A source ready to run: its route (the template and the parameters Camel gets, all
 * checked to be plain values), its compiled mapping, and the webhook checks it applies.
 * What reaches Camel never holds an expression or a secret.
 *
 * @param routeParameters the template's own parameters (name, folder, queue, ...),
 * defaults left to the template
 * @param reads what this source takes events from, which no other source may take too:
 * {@code POST /webhooks/<name>}, a folder's absolute path, or a queue
 */
public record SourceDefinition(String name, String routeId, String template, Map<String, Object> routeParameters,
		EventMapping mapping, WebhookChecks webhookChecks, String reads) {
}
