package io.inboxsync.tracing;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.InterceptStrategy;
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
		return (exchange) -> {
			SpanAdapter span = ActiveSpanManager.getSpan(exchange);
			if (span == null) {
				target.process(exchange);
				return;
			}
			try (AutoCloseable current = span.makeCurrent()) {
				target.process(exchange);
			}
		};
	}

}
