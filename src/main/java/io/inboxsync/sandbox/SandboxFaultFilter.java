package io.inboxsync.sandbox;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.web.ReadBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The sandbox's first look at each Wix call: counts it, then plays the injected faults on
 * it. Admin calls are neither counted nor faulted.
 */
class SandboxFaultFilter extends SandboxFilter {

	private static final Logger log = LoggerFactory.getLogger(SandboxFaultFilter.class);

	private final SandboxFaults faults;

	private final SandboxCallLog calls;

	private final Duration hangLimit;

	SandboxFaultFilter(SandboxFaults faults, SandboxCallLog calls, ObjectMapper objectMapper, Duration hangLimit) {
		super(objectMapper);
		this.faults = faults;
		this.calls = calls;
		this.hangLimit = hangLimit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ReadBodyRequest read = ReadBodyRequest.of(request);
		String bodyAndQuery = new String(read.body(), StandardCharsets.UTF_8) + "?" + Objects
			.toString(URLDecoder.decode(Objects.toString(request.getQueryString(), ""), StandardCharsets.UTF_8));
		this.calls.record(request.getMethod() + " " + SandboxPaths.wixPath(request), bodyAndQuery);
		Optional<SandboxFault> drawn = this.faults.draw(request.getMethod(), SandboxPaths.wixPath(request),
				bodyAndQuery);
		if (drawn.isEmpty()) {
			chain.doFilter(read, response);
			return;
		}
		request = read;
		SandboxFault fault = drawn.get();
		log.info("Sandbox fault {} on {} {}", fault.id(), request.getMethod(), SandboxPaths.wixPath(request));
		if (fault.afterHandling()) {
			// The call takes effect; only its answer is replaced, as when a connection
			// drops on the way back.
			ContentCachingResponseWrapper discarded = new ContentCachingResponseWrapper(response);
			chain.doFilter(request, discarded);
			response.reset();
		}
		try {
			if (fault.latencyMillis() > 0) {
				Thread.sleep(fault.latencyMillis());
			}
			if (fault.hang()) {
				this.faults.hang(this.hangLimit.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (fault.status() == 0) {
			if (!fault.afterHandling()) {
				chain.doFilter(request, response);
			}
			return;
		}
		if (fault.retryAfterSeconds() != null) {
			response.setHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
		}
		answer(response, WixError.forStatus(fault.status(), "injected fault " + fault.id()));
	}

}
