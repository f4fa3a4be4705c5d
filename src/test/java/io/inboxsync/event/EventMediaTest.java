package io.inboxsync.event;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source's {@code media}: Twilio's MMS fields, or a JSONPath to URLs, as image and file
 * items beside the text.
 */
class EventMediaTest {

	private final ObjectMapper json = new ObjectMapper();

	private final EventMapper mapper = new EventMapper(this.json);

	@Test
	void twilioMmsFieldsBecomeImagesAndFilesByTheirContentType() throws Exception {
		InboxEvent event = map(Map.of("phone", "$.From", "text", "$.Body", "media", "twilio"), """
				{"From": "+14155550123", "Body": "", "NumMedia": "2",
				 "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
				 "MediaContentType0": "image/jpeg",
				 "MediaUrl1": "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2",
				 "MediaContentType1": "application/pdf"}""");

		assertThat(event.message().text()).isEmpty();
		assertThat(event.message().media()).containsExactly(
				new InboxEvent.Media(InboxEvent.MediaKind.IMAGE,
						"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", "image/jpeg"),
				new InboxEvent.Media(InboxEvent.MediaKind.FILE,
						"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", "application/pdf"));
	}

	@Test
	void aJsonPathGivesUrlsOrObjectsWithAUrl() throws Exception {
		InboxEvent urls = map(Map.of("email", "$.email", "text", "$.text", "media", "$.files[*].link"), """
				{"email": "jane@example.com", "text": "See", "files": [{"link": "https://cdn.example.com/a.png"},
				 {"link": "https://cdn.example.com/b.png"}]}""");
		InboxEvent event = map(Map.of("email", "$.email", "text", "$.text", "media", "$.attachments"), """
				{"email": "jane@example.com", "text": "See", "attachments": [
				 {"url": "https://cdn.example.com/a.png"}, {"url": "https://cdn.example.com/b.pdf",
				 "mimeType": "application/pdf"}]}""");

		assertThat(urls.message().media()).extracting(InboxEvent.Media::url)
			.containsExactly("https://cdn.example.com/a.png", "https://cdn.example.com/b.png");
		assertThat(event.message().text()).isEqualTo("See");
		assertThat(event.message().media()).extracting(InboxEvent.Media::kind)
			.containsExactly(InboxEvent.MediaKind.IMAGE, InboxEvent.MediaKind.FILE);
	}

	@Test
	void aMediaUrlThatIsNotAWebUrlRefusesThePayloadAndAConstantMustBeTheOrAUrl() {
		assertThatThrownBy(() -> map(Map.of("email", "$.email", "text", "$.text", "media", "$.file"),
				"{\"email\": \"jane@example.com\", \"text\": \"x\", \"file\": \"file:///etc/passwd\"}"))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("the media at $.file is not a web URL of at most 2000 characters");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "media", "instagram")))
			.isInstanceOf(EventMapping.MappingException.class)
			.hasMessageContaining("neither a JSONPath");
	}

	@Test
	void whatsAppMediaIsItsIdTypeAndADocumentsNameForInboxSyncToFetch() throws Exception {
		Map<String, String> mapping = Map.of("phone", "+{{ $.entry[0].changes[0].value.messages[0].from }}",
				"eventType", "$.entry[0].changes[0].value.messages[0].type", "text[image]",
				"$.entry[0].changes[0].value.messages[0].image.caption", "text", "(a WhatsApp message)", "media",
				"whatsapp");

		InboxEvent picture = map(mapping, whatsApp("image",
				"{\"caption\": \"My receipt\", \"mime_type\": \"image/jpeg\", \"id\": \"1234567890\"}"));
		InboxEvent document = map(mapping, whatsApp("document",
				"{\"filename\": \"invoice.pdf\", \"mime_type\": \"application/pdf\", \"id\": \"987\"}"));
		InboxEvent voice = map(mapping,
				whatsApp("audio", "{\"mime_type\": \"audio/ogg; codecs=opus\", \"id\": \"55\"}"));
		InboxEvent text = map(mapping, whatsApp("text", "{\"body\": \"Hi\"}"));

		assertThat(picture.message().text()).isEqualTo("My receipt");
		assertThat(picture.message().media())
			.containsExactly(InboxEvent.Media.onWhatsApp(InboxEvent.MediaKind.IMAGE, "1234567890", "image/jpeg", null));
		assertThat(document.message().media()).containsExactly(
				InboxEvent.Media.onWhatsApp(InboxEvent.MediaKind.FILE, "987", "application/pdf", "invoice.pdf"));
		assertThat(voice.message().media()).extracting(InboxEvent.Media::kind)
			.containsExactly(InboxEvent.MediaKind.FILE);
		assertThat(text.message().media()).isNull();
		assertThatThrownBy(() -> map(mapping, whatsApp("image", "{\"id\": \"../../me\"}")))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("the WhatsApp image message has no media id");
	}

	private static String whatsApp(String type, String media) {
		return """
				{"entry": [{"changes": [{"value": {"messages": [{"from": "14155550123", "id": "wamid.1", "type": "%1$s",
				 "%1$s": %2$s}]}}]}]}""".formatted(type, media);
	}

	private InboxEvent map(Map<String, String> mapping, String payload) throws Exception {
		return this.mapper.map("test", EventMapping.compile(new LinkedHashMap<>(mapping)),
				this.json.readValue(payload, Object.class));
	}

}
