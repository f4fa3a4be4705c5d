package io.inboxsync.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.inboxsync.config.InboxSyncProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The sandbox serves only when no Wix credentials are configured, by the same rule the
 * Wix client follows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnWixSandbox.NoWixCredentials.class)
@interface ConditionalOnWixSandbox {

	class NoWixCredentials implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return Binder.get(context.getEnvironment())
				.bind("inbox-sync.wix", InboxSyncProperties.Wix.class)
				.map((wix) -> !wix.hasCredentials())
				.orElse(true);
		}

	}

}
