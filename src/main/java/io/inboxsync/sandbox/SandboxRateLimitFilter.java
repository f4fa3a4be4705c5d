package io.inboxsync.sandbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Wix's rate limit: so many requests a minute per caller (a site, or an app instance),
 * counted in one-minute windows; beyond it, 429 with the application error
 * {@code RESOURCE_EXHAUSTED} and, when configured, a {@code Retry-After} in seconds until
 * the window ends. Runs after sign-in, which names the caller. The limit can be changed
 * while the sandbox runs, to rehearse a site near its limit; each refusal is counted in
 * the call log.
 */
class SandboxRateLimitFilter extends SandboxFilter {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private int requestsPerMinute;

	private final boolean retryAfter;

	private final Clock clock;

	private final SandboxCallLog calls;

	private final Map<String, Window> windows = new HashMap<>();

	SandboxRateLimitFilter(int requestsPerMinute, boolean retryAfter, Clock clock, SandboxCallLog calls,
			ObjectMapper objectMapper) {
		super(objectMapper);
		this.requestsPerMinute = requestsPerMinute;
		this.retryAfter = retryAfter;
		this.clock = clock;
		this.calls = calls;
	}

	synchronized int requestsPerMinute() {
		return this.requestsPerMinute;
	}

	/** From now on, in fresh windows. */
	synchronized void limitTo(int requestsPerMinute) {
		this.requestsPerMinute = requestsPerMinute;
		this.windows.clear();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object caller = request.getAttribute(SandboxAuthFilter.CALLER);
		Duration wait = (caller != null) ? admit(caller.toString()) : Duration.ZERO;
		if (wait.isZero()) {
			chain.doFilter(request, response);
			return;
		}
		this.calls.refused(request.getMethod() + " " + SandboxPaths.wixPath(request));
		WixError error = WixError.application(429, "RESOURCE_EXHAUSTED",
				"more than " + requestsPerMinute() + " requests a minute from this site");
		if (this.retryAfter) {
			response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
		}
		answer(response, error);
	}

	/**
	 * Zero when the request may pass; otherwise how long until the caller's window ends.
	 */
	private synchronized Duration admit(String caller) {
		Instant now = this.clock.instant();
		Window window = this.windows.get(caller);
		if (window == null || !now.isBefore(window.start.plus(WINDOW))) {
			window = new Window(now);
			this.windows.put(caller, window);
		}
		if (window.count < this.requestsPerMinute) {
			window.count++;
			return Duration.ZERO;
		}
		return Duration.between(now, window.start.plus(WINDOW));
	}

	private static final class Window {

		final Instant start;

		int count;

		Window(Instant start) {
			this.start = start;
		}

	}

}
