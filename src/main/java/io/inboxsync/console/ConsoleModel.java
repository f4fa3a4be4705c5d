package io.inboxsync.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page uses: the session's CSRF token for its forms, and times written
 * one way (UTC).
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

	@ModelAttribute("csrf")
	String csrf(HttpServletRequest request) {
		return (String) request.getAttribute(ConsoleSecurity.CSRF_ATTRIBUTE);
	}

	@ModelAttribute("when")
	Times when() {
		return Times.UTC;
	}

	/** Times as the console shows them. */
	static final class Times {

		static final Times UTC = new Times();

		private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
			.withZone(ZoneOffset.UTC);

		public String of(Instant instant) {
			return (instant != null) ? FORMAT.format(instant) : "";
		}

	}

}
