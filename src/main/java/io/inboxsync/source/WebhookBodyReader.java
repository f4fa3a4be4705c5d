package io.inboxsync.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a webhook's body as its bytes arrive (Servlet non-blocking I/O), so a sender that
 * trickles its body, or sends less than its Content-Length, holds no request thread while
 * the others are served. A body that takes longer than the timeout gets 408, one over the
 * size limit 413; a body read whole is handed on by an async dispatch, with the bytes in
 * the request attribute {@link WebhookGuardFilter#RAW_BODY}.
 */
final class WebhookBodyReader implements ReadListener, AsyncListener {

	private static final Logger log = LoggerFactory.getLogger(WebhookBodyReader.class);

	/** Writes an error answer; the reader completes the request after it. */
	interface Rejection {

		void reject(HttpServletResponse response, int status, String reason) throws IOException;

	}

	private final AsyncContext async;

	private final ServletInputStream in;

	private final long maxBodySize;

	private final Duration timeout;

	private final Rejection rejection;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final byte[] buffer = new byte[8192];

	/**
	 * Set by whichever comes first: the whole body, the size limit, the timeout, or a
	 * broken connection.
	 */
	private final AtomicBoolean finished = new AtomicBoolean();

	private WebhookBodyReader(AsyncContext async, long maxBodySize, Duration timeout, Rejection rejection)
			throws IOException {
		this.async = async;
		this.in = async.getRequest().getInputStream();
		this.maxBodySize = maxBodySize;
		this.timeout = timeout;
		this.rejection = rejection;
	}

	static void read(HttpServletRequest request, HttpServletResponse response, long maxBodySize, Duration timeout,
			Rejection rejection) throws IOException {
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(timeout.toMillis());
		WebhookBodyReader reader = new WebhookBodyReader(async, maxBodySize, timeout, rejection);
		async.addListener(reader);
		reader.in.setReadListener(reader);
	}

	@Override
	public void onDataAvailable() throws IOException {
		while (!this.finished.get() && this.in.isReady()) {
			int read = this.in.read(this.buffer);
			if (read < 0) {
				return;
			}
			if (this.body.size() + (long) read > this.maxBodySize) {
				reject(413, "the body is larger than the limit of " + this.maxBodySize + " bytes");
				return;
			}
			this.body.write(this.buffer, 0, read);
		}
	}

	@Override
	public void onAllDataRead() {
		if (this.finished.compareAndSet(false, true)) {
			this.async.getRequest().setAttribute(WebhookGuardFilter.RAW_BODY, this.body.toByteArray());
			this.async.dispatch();
		}
	}

	@Override
	public void onError(Throwable failure) {
		// The sender went away mid-body: nobody is left to answer.
		if (this.finished.compareAndSet(false, true)) {
			log.debug("A webhook body could not be read: {}", failure.toString());
			this.async.complete();
		}
	}

	@Override
	public void onTimeout(AsyncEvent event) throws IOException {
		long millis = this.timeout.toMillis();
		reject(408, "the body did not arrive within " + ((millis % 1000 == 0) ? millis / 1000 + " s" : millis + " ms"));
	}

	@Override
	public void onError(AsyncEvent event) {
		onError(event.getThrowable());
	}

	@Override
	public void onComplete(AsyncEvent event) {
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void reject(int status, String reason) throws IOException {
		if (this.finished.compareAndSet(false, true)) {
			HttpServletResponse response = (HttpServletResponse) this.async.getResponse();
			// The rest of the body may still be on its way: close the connection rather
			// than read it.
			response.setHeader("Connection", "close");
			try {
				this.rejection.reject(response, status, reason);
			}
			finally {
				this.async.complete();
			}
		}
	}

}
