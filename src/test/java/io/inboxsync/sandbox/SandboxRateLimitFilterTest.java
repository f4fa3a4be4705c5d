package io.inboxsync.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Wix's rate limit, per caller and per minute, on its own: the suite runs with the limit
 * out of the way.
 */
class SandboxRateLimitFilterTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private Instant now = Instant.parse("2026-11-25T09:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return SandboxRateLimitFilterTest.this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	};

	private final SandboxCallLog calls = new SandboxCallLog(this.clock);

	@Test
	void beyondTheLimitASiteGets429WithRetryAfterUntilTheMinuteIsOver() throws Exception {
		SandboxRateLimitFilter filter = new SandboxRateLimitFilter(2, true, this.clock, this.calls, JSON);

		assertThat(call(filter, "site a").getStatus()).isEqualTo(200);
		assertThat(call(filter, "site a").getStatus()).isEqualTo(200);
		this.now = this.now.plus(Duration.ofSeconds(20));
		MockHttpServletResponse throttled = call(filter, "site a");
		MockHttpServletResponse otherSite = call(filter, "site b");
		this.now = this.now.plus(Duration.ofSeconds(40));
		MockHttpServletResponse nextMinute = call(filter, "site a");

		assertThat(throttled.getStatus()).isEqualTo(429);
		assertThat(throttled.getHeader("Retry-After")).isEqualTo("40");
		JsonNode error = JSON.readTree(throttled.getContentAsByteArray()).path("details").path("applicationError");
		assertThat(error.path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(otherSite.getStatus()).isEqualTo(200);
		assertThat(nextMinute.getStatus()).isEqualTo(200);
		assertThat(this.calls.refusedTotals()).containsExactly(entry("GET /inbox/v2/messages", 1L));
	}

	@Test
	void aNewLimitHoldsFromNowOnInFreshWindows() throws Exception {
		SandboxRateLimitFilter filter = new SandboxRateLimitFilter(1, true, this.clock, this.calls, JSON);
		call(filter, "site a");
		assertThat(call(filter, "site a").getStatus()).isEqualTo(429);

		filter.limitTo(3);

		assertThat(filter.requestsPerMinute()).isEqualTo(3);
		assertThat(call(filter, "site a").getStatus()).isEqualTo(200);
		assertThat(call(filter, "site a").getStatus()).isEqualTo(200);
		assertThat(call(filter, "site a").getStatus()).isEqualTo(200);
		assertThat(call(filter, "site a").getStatus()).isEqualTo(429);
	}

	@Test
	void retryAfterCanBeLeftOutAsWixMayDo() throws Exception {
		SandboxRateLimitFilter filter = new SandboxRateLimitFilter(1, false, this.clock, this.calls, JSON);
		call(filter, "site a");

		MockHttpServletResponse throttled = call(filter, "site a");

		assertThat(throttled.getStatus()).isEqualTo(429);
		assertThat(throttled.getHeader("Retry-After")).isNull();
	}

	private static MockHttpServletResponse call(SandboxRateLimitFilter filter, String caller) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/wix-sandbox/inbox/v2/messages");
		request.setAttribute(SandboxAuthFilter.CALLER, caller);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
