package io.inboxsync;

import org.apache.camel.builder.RouteConfigurationBuilder;

import org.springframework.stereotype.Component;

/**
 * Another team's error handling in inbox-sync's Camel context, written the way that
 * reaches furthest: a route configuration without an id, which Camel gives every route
 * that names no configuration of its own. As a component of the test classes it is in
 * every test context from startup, before inbox-sync's routes are built, so a route of
 * inbox-sync that forgot its {@code routeConfigurationId} would hand its failures here
 * ({@link PlatformRoutesTest}).
 */
@Component
class OtherTeamsErrorHandling extends RouteConfigurationBuilder {

	static final String FAILURES = "mock:other-teams-failures";

	@Override
	public void configuration() {
		routeConfiguration().onException(Exception.class).handled(true).to(FAILURES);
	}

}
