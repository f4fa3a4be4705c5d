package io.inboxsync.tracing;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

import org.springframework.stereotype.Component;

/**
 * Makes the route's span the current one while a route's bean runs, so what the bean does
 * joins its trace: the Wix calls of the stages, and the trace id in its log lines. Camel
 * keeps the span on the exchange, and its thread's current span does not always survive
 * to the step that runs; beans are the only steps whose spans and logs are ours, so only
 * they pay for it.
 */
@Component
public class SpanAroundBeans implements InterceptStrategy {

	@Override
	public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
			Processor nextTarget) {
		if (!(definition instanceof BeanDefinition)) {
			return target;
		}
		// Asynchronous, as Camel's routing engine wants its steps (else it warns and
		// bridges
		// each one); a bean's work is done by the time process returns.
		return new DelegateAsyncProcessor(target) {

			@Override
			public boolean process(Exchange exchange, AsyncCallback callback) {
				SpanAdapter span = ActiveSpanManager.getSpan(exchange);
				if (span == null) {
					return super.process(exchange, callback);
				}
				AutoCloseable current = span.makeCurrent();
				try {
					return super.process(exchange, callback);
				}
				finally {
					leave(current);
				}
			}

		};
	}

	private static void leave(AutoCloseable current) {
		try {
			current.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not leave the route's span", ex);
		}
	}

}
