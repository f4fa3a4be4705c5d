package io.inboxsync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an {@link InboxSyncTestSupport} test class against an inbox-sync whose broker
 * takes producers from outside (its acceptor open on a free port) and whose Kafka sources
 * read a real Kafka broker started for the tests. Every class so marked shares one more
 * Spring context, started once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ContextConfiguration(initializers = OutsideProducersContext.class)
public @interface WithOutsideProducers {

}
