package io.inboxsync.wix;

import java.net.URI;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** A traced Wix call never carries a signed upload URL's token. */
class WixHttpObservationConventionTest {

	private final WixHttpObservationConvention convention = new WixHttpObservationConvention();

	@Test
	void anUploadUrlIsTracedWithoutItsQuery() {
		ClientHttpRequest request = new MockClientHttpRequest(HttpMethod.PUT,
				URI.create("https://upload.wixmp.com/upload/abc?token=secret-signature&filename=a.png"));

		assertThat(this.convention.getHighCardinalityKeyValues(new ClientRequestObservationContext(request)))
			.contains(KeyValue.of("http.url", "https://upload.wixmp.com/upload/abc"))
			.noneMatch((keyValue) -> keyValue.getValue().contains("secret-signature"));
	}

	@Test
	void aUrlWithoutQueryIsTracedAsItIs() {
		ClientHttpRequest request = new MockClientHttpRequest(HttpMethod.POST,
				URI.create("https://www.wixapis.com/inbox/v2/messages"));

		assertThat(this.convention.getHighCardinalityKeyValues(new ClientRequestObservationContext(request)))
			.contains(KeyValue.of("http.url", "https://www.wixapis.com/inbox/v2/messages"));
	}

	@Test
	void itIsNamedUnderTheCallsObservation() {
		assertThat(this.convention.getName()).isEqualTo(WixClient.CALL_OBSERVATION + ".http");
	}

}
