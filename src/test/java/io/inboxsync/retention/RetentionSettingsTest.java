package io.inboxsync.retention;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.inboxsync.config.InboxSyncProperties;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The retention settings as an operator writes them: a bare number means days, and less
 * than a day is refused at startup, since a ledger that forgot within minutes would let
 * redeliveries send twice.
 */
class RetentionSettingsTest {

	@Test
	void aBareNumberIsDays() {
		assertThat(
				bind("inbox-sync.dead-letters", Map.of("closed-retention", "45"), InboxSyncProperties.DeadLetters.class)
					.closedRetention())
			.isEqualTo(Duration.ofDays(45));
		assertThat(bind("inbox-sync.delivery", Map.of("ledger-retention", "30"), InboxSyncProperties.Delivery.class)
			.ledgerRetention()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void lessThanADayIsRefused() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("inbox-sync.dead-letters",
				Map.of("closed-retention", "12h"), InboxSyncProperties.DeadLetters.class));
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("inbox-sync.delivery",
				Map.of("ledger-retention", "30m"), InboxSyncProperties.Delivery.class));
	}

	private static <T> T bind(String prefix, Map<String, String> settings, Class<T> type) {
		Map<String, String> prefixed = new HashMap<>();
		settings.forEach((name, value) -> prefixed.put(prefix + "." + name, value));
		// The other delivery settings, valid, so only the retention can fail.
		prefixed.putIfAbsent("inbox-sync.delivery.ledger-retention", "30d");
		prefixed.putAll(Map.of("inbox-sync.delivery.max-attempts", "10", "inbox-sync.delivery.initial-backoff", "1s",
				"inbox-sync.delivery.max-backoff", "10m", "inbox-sync.delivery.backoff-multiplier", "2",
				"inbox-sync.delivery.sent-check-window", "1m", "inbox-sync.delivery.consumers", "8",
				"inbox-sync.delivery.queue", "deliveries"));
		Binder binder = new Binder(new MapConfigurationPropertySource(prefixed));
		return binder
			.bind(prefix, Bindable.of(type),
					new ValidationBindHandler(
							new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator())))
			.get();
	}

}
