package io.inboxsync.wix;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.inboxsync.config.InboxSyncProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Builds the bounded, expiring caches of Wix's answers, measured as {@code cache.*}
 * metrics.
 */
final class WixCaches {

	private WixCaches() {
	}

	static <V> Cache<String, V> build(String name, InboxSyncProperties.Cache settings,
			InboxSyncProperties.Cache.Sizing sizing, MeterRegistry meters) {
		Cache<String, V> cache = Caffeine.newBuilder()
			.maximumSize(settings.enabled() ? sizing.maxSize() : 0)
			.expireAfterWrite(sizing.ttl())
			.recordStats()
			.build();
		return CaffeineCacheMetrics.monitor(meters, cache, name);
	}

}
