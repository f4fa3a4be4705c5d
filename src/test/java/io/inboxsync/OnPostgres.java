package io.inboxsync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an {@link InboxSyncTestSupport} test class against a real PostgreSQL instead of
 * the default H2 file. Every class so marked shares one more Spring context, started
 * once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ContextConfiguration(initializers = PostgresTestDatabase.class)
public @interface OnPostgres {

}
