package io.inboxsync.console;

import java.time.Duration;
import java.time.Instant;

import io.inboxsync.web.OperatorApiToken;
import io.inboxsync.web.OperatorSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Exchanges the operator token for a browser session, so the token is typed once and
 * never kept where page scripts could read it.
 */
@Controller
class ConsoleSignIn {

	private static final Logger log = LoggerFactory.getLogger(ConsoleSignIn.class);

	private final OperatorApiToken token;

	private final OperatorSessions sessions;

	ConsoleSignIn(OperatorApiToken token, OperatorSessions sessions) {
		this.token = token;
		this.sessions = sessions;
	}

	@GetMapping(ConsoleSecurity.SIGN_IN)
	String form() {
		return "console/sign-in";
	}

	@PostMapping(ConsoleSecurity.SIGN_IN)
	Object signIn(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		if (!this.token.matches(token.trim())) {
			log.info("Console sign-in refused: wrong operator token");
			model.addAttribute("refused", true);
			response.setStatus(401);
			return "console/sign-in";
		}
		String session = this.sessions.open(Instant.now());
		return ResponseEntity.status(303)
			.header(HttpHeaders.SET_COOKIE, cookie(session, OperatorSessions.LIFETIME, request).toString())
			.header(HttpHeaders.LOCATION, request.getContextPath() + ConsoleSecurity.PATH + "/dead-letters")
			.build();
	}

	@PostMapping(ConsoleSecurity.PATH + "/sign-out")
	ResponseEntity<Void> signOut(HttpServletRequest request) {
		return ResponseEntity.status(303)
			.header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request).toString())
			.header(HttpHeaders.LOCATION, request.getContextPath() + ConsoleSecurity.SIGN_IN)
			.build();
	}

	private static ResponseCookie cookie(String value, Duration maxAge, HttpServletRequest request) {
		return ResponseCookie.from(ConsoleSecurity.SESSION_COOKIE, value)
			.httpOnly(true)
			.sameSite("Strict")
			.secure(request.isSecure())
			.path(request.getContextPath() + ConsoleSecurity.PATH)
			.maxAge(maxAge)
			.build();
	}

}
