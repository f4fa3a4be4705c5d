package io.inboxsync.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CliConnectorFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Turns Camel JBang's CLI connector (README, "Camel's own tools") off when
 * {@value #ENABLED} is false; it is on by default, as its presence on the class path
 * makes it. Off for the standalone sandbox, which has no routes: and a second Camel in
 * the same process would share, then delete, the first one's files under ~/.camel, which
 * tells the first one's connector to stop its Camel.
 */
@Component
public class CamelCliConnectorSwitch {

	/**
	 * The property the connector's Spring Boot starter reads, for when it can replace
	 * this.
	 */
	public static final String ENABLED = "camel.cli.enabled";

	public CamelCliConnectorSwitch(CamelContext camelContext, Environment environment) {
		if (!environment.getProperty(ENABLED, Boolean.class, true)) {
			CliConnectorFactory connectors = camelContext.getCamelContextExtension()
				.getContextPlugin(CliConnectorFactory.class);
			if (connectors != null) {
				connectors.setEnabled(false);
			}
		}
	}

}
