package io.inboxsync;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans the running inbox-sync finished while a test was recording, as a tracing
 * backend would receive them. Records nothing otherwise, so the suite's other traffic
 * costs no memory.
 */
public class RecordedSpans implements SpanProcessor {

	private final Queue<SpanData> spans = new ConcurrentLinkedQueue<>();

	private volatile boolean recording;

	/** Forgets what was recorded before, and records from now on. */
	public void start() {
		this.spans.clear();
		this.recording = true;
	}

	public void stop() {
		this.recording = false;
		this.spans.clear();
	}

	public List<SpanData> spans() {
		return List.copyOf(this.spans);
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (this.recording) {
			this.spans.add(span.toSpanData());
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

}
