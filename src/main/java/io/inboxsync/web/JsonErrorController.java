package io.inboxsync.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's error page (where Spring, Tomcat's sendError and uncaught exceptions end
 * up) in our JSON: Spring Boot's own would answer a browser with HTML and name no reason.
 * Written directly, so no Accept header can turn it into a 406. The sandbox writes its
 * Wix-shaped errors itself and never gets here.
 */
@RestController
class JsonErrorController implements ErrorController {

	private final ObjectMapper objectMapper;

	JsonErrorController(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@RequestMapping("${server.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		// Called directly, /error is just a path nothing serves.
		int status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) ? code : 404;
		ErrorBody.of(status).writeTo(response, this.objectMapper);
	}

}
