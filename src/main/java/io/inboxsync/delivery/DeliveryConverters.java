package io.inboxsync.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Converter;
import org.apache.camel.TypeConverters;

import org.springframework.stereotype.Component;

/**
 * A delivery travels on the deliveries queue as JSON text, with the application's JSON
 * settings.
 */
@Component
public class DeliveryConverters implements TypeConverters {

	private final ObjectMapper objectMapper;

	public DeliveryConverters(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Converter
	public Delivery toDelivery(String json) {
		try {
			Delivery delivery = this.objectMapper.readValue(json, Delivery.class);
			if (delivery.event() == null || delivery.contactId() == null) {
				throw new InvalidEventException("the queued delivery has no event or no contact");
			}
			return delivery;
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException(
					"the queued message is not an inbox-sync delivery: " + ex.getOriginalMessage());
		}
	}

	@Converter
	public Delivery toDelivery(byte[] json) {
		return toDelivery(new String(json, StandardCharsets.UTF_8));
	}

	@Converter
	public String toJson(Delivery delivery) throws IOException {
		return this.objectMapper.writeValueAsString(delivery);
	}

}
