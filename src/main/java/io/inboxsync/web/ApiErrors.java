package io.inboxsync.web;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Bad parameters to the operator API get a 400 with a JSON reason, like every other error
 * of ours.
 */
@RestControllerAdvice(basePackages = { "io.inboxsync.deadletter", "io.inboxsync.source" })
class ApiErrors {

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return ResponseEntity.badRequest()
			.body(ErrorBody.of(400, "'" + ex.getValue() + "' is not a valid " + ex.getName()));
	}

	/**
	 * Jackson's and Spring's messages name Java types and quote the body: the reason is
	 * ours.
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ErrorBody> unreadableBody(HttpMessageNotReadableException ex) {
		String reason = (ex.getCause() instanceof JsonProcessingException json)
				? "the body is not valid JSON: " + JsonProblem.of(json) : "the body could not be read";
		return ResponseEntity.badRequest().body(ErrorBody.of(400, reason));
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, IllegalArgumentException.class })
	ResponseEntity<ErrorBody> badRequest(Exception ex) {
		return ResponseEntity.badRequest().body(ErrorBody.of(400, ex.getMessage()));
	}

}
