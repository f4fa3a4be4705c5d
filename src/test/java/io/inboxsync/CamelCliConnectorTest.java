package io.inboxsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel JBang's commands (camel get, camel get route, camel trace) find the running
 * inbox-sync: its CLI connector keeps a status file under ~/.camel, named by the process
 * id, listing the routes with their ids and descriptions.
 */
class CamelCliConnectorTest extends InboxSyncTestSupport {

	private static final List<String> PIPELINE_ROUTES = List.of("inbox-sync-enqueue", "inbox-sync-intake",
			"inbox-sync-lookup", "inbox-sync-enqueue-delivery", "inbox-sync-deliveries", "inbox-sync-conversation",
			"inbox-sync-send");

	@Test
	void camelJBangSeesTheRoutesWithTheirDescriptions() {
		Path status = Path.of(System.getProperty("user.home"), ".camel",
				ProcessHandle.current().pid() + "-status.json");

		JsonNode routes = eventually().until(() -> routesIn(status), (listed) -> listed.size() > 0);

		for (String routeId : PIPELINE_ROUTES) {
			assertThat(routes).as(routeId)
				.filteredOn((route) -> route.path("routeId").asText().equals(routeId))
				.singleElement()
				.satisfies((route) -> assertThat(route.path("description").asText()).isNotBlank())
				.satisfies((route) -> assertThat(route.path("state").asText()).isEqualTo("Started"));
		}
	}

	private static JsonNode routesIn(Path status) {
		try {
			return new ObjectMapper().readTree(Files.readString(status)).path("routes");
		}
		catch (Exception ex) {
			// not written yet, or being written
			return new ObjectMapper().createArrayNode();
		}
	}

}
