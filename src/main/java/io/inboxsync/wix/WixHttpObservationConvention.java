package io.inboxsync.wix;

import io.micrometer.common.KeyValue;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * The HTTP side of a Wix call as traced: named under the call's observation, so that it
 * makes no second timer either ({@link WixCallMetricsConfiguration}), and with its URL
 * cut before the query, where a media upload URL carries the token that signs it.
 */
class WixHttpObservationConvention extends DefaultClientRequestObservationConvention {

	WixHttpObservationConvention() {
		super(WixClient.CALL_OBSERVATION + ".http");
	}

	@Override
	protected KeyValue requestUri(ClientRequestObservationContext context) {
		KeyValue url = super.requestUri(context);
		int query = url.getValue().indexOf('?');
		return (query < 0) ? url : KeyValue.of(url.getKey(), url.getValue().substring(0, query));
	}

}
