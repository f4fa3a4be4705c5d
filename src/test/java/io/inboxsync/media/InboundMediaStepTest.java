package io.inboxsync.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.delivery.Delivery;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InboxEvent.Media;
import io.inboxsync.event.InboxEvent.MediaKind;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixMedia;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The send stage's media step: WhatsApp's media uploaded into the site's media before
 * sending; media at a URL Send Message refused imported by Wix, or a reason to keep the
 * message as a dead letter.
 */
class InboundMediaStepTest {

	private static final String SITE_URL = "https://static.wixstatic.com/media/abc~mv2.jpg";

	private final WhatsAppMedia whatsApp = mock(WhatsAppMedia.class);

	private final WixMedia wixMedia = mock(WixMedia.class);

	private final InboundMedia media = new InboundMedia(this.whatsApp, this.wixMedia);

	@Test
	void whatsAppMediaIsUploadedIntoTheSiteMediaAndMediaAtAUrlIsLeftAsItIs() throws Exception {
		Path downloaded = downloaded("jpeg");
		Media atUrl = new Media(MediaKind.IMAGE, "https://cdn.example.com/a.png", null);
		given(this.whatsApp.download("4711", "image/jpeg"))
			.willReturn(new WhatsAppMedia.Download(downloaded, "image/jpeg"));
		given(this.wixMedia.upload(downloaded, "image/jpeg", "whatsapp-4711.jpg"))
			.willReturn(new WixMedia.SiteFile("f1", SITE_URL, "READY"));

		Delivery resolved = this.media
			.resolve(delivery(List.of(Media.onWhatsApp(MediaKind.IMAGE, "4711", "image/jpeg", null), atUrl)));

		assertThat(resolved.event().message().media())
			.containsExactly(Media.onWhatsApp(MediaKind.IMAGE, "4711", "image/jpeg", null).at(SITE_URL), atUrl);
		assertThat(resolved.conversationId()).isEqualTo("conversation-1");
		assertThat(downloaded).as("the download, once uploaded").doesNotExist();
	}

	@Test
	void aDocumentKeepsItsNameAndAMessageWithoutWhatsAppMediaIsNotTouched() throws Exception {
		Path downloaded = downloaded("%PDF");
		given(this.whatsApp.download("9", "application/pdf"))
			.willReturn(new WhatsAppMedia.Download(downloaded, "application/pdf"));
		given(this.wixMedia.upload(downloaded, "application/pdf", "invoice.pdf"))
			.willReturn(new WixMedia.SiteFile("f2", SITE_URL, "READY"));
		Delivery atUrls = delivery(List.of(new Media(MediaKind.FILE, "https://cdn.example.com/b.pdf", null)));

		Delivery document = this.media
			.resolve(delivery(List.of(Media.onWhatsApp(MediaKind.FILE, "9", "application/pdf", "invoice.pdf"))));

		assertThat(document.event().message().media()).extracting(Media::url, Media::filename)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(SITE_URL, "invoice.pdf"));
		assertThat(this.media.resolve(atUrls)).isSameAs(atUrls);
	}

	@Test
	void aDownloadIsDeletedWhenItsUploadFails() throws Exception {
		Path downloaded = downloaded("jpeg");
		given(this.whatsApp.download("5", "image/jpeg"))
			.willReturn(new WhatsAppMedia.Download(downloaded, "image/jpeg"));
		given(this.wixMedia.upload(downloaded, "image/jpeg", "whatsapp-5.jpg"))
			.willThrow(new IllegalStateException("Wix's Generate File Upload URL answered no uploadUrl"));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.media
			.resolve(delivery(List.of(Media.onWhatsApp(MediaKind.IMAGE, "5", "image/jpeg", null)))));

		assertThat(downloaded).doesNotExist();
	}

	@Test
	void refusedUrlsAreImportedWhileUploadedMediaIsKept() {
		Media uploaded = Media.onWhatsApp(MediaKind.IMAGE, "4711", "image/jpeg", null).at(SITE_URL);
		given(this.wixMedia.importFile("http://mms.example.com/1.jpg", "image/jpeg", null))
			.willReturn(new WixMedia.SiteFile("f3", "https://static.wixstatic.com/media/imported.jpg", "PENDING"));

		InboxEvent.Message imported = this.media.imported(
				message(List.of(new Media(MediaKind.IMAGE, "http://mms.example.com/1.jpg", "image/jpeg"), uploaded)));

		assertThat(imported.media()).extracting(Media::url)
			.containsExactly("https://static.wixstatic.com/media/imported.jpg", SITE_URL);
	}

	@Test
	void anImportThatFailsOrIsRefusedIsAReasonForADeadLetterAndAnOutageIsRetried() {
		given(this.wixMedia.importFile(any(), any(), any())).willReturn(new WixMedia.SiteFile(null, null, "FAILED"));
		InboxEvent.Message refused = message(List.of(new Media(MediaKind.IMAGE, "http://mms.example.com/1.jpg", null)));

		assertThatExceptionOfType(MediaNotImportedException.class).isThrownBy(() -> this.media.imported(refused))
			.withMessage("Send Message refused a media URL (INVALID_MEDIA_URL) of the message's image at "
					+ "mms.example.com, and Wix's Import File could not import it (operationStatus FAILED)");

		willThrow(new WixApiException("POST /communication-channels-media/v1/import-file", 403,
				MissingNode.getInstance(), null, null))
			.given(this.wixMedia)
			.importFile(any(), any(), any());
		assertThatExceptionOfType(MediaNotImportedException.class).isThrownBy(() -> this.media.imported(refused))
			.withMessageContaining("Import File refused it too: Wix answered 403");

		willThrow(new WixApiException("POST /communication-channels-media/v1/import-file", 503,
				MissingNode.getInstance(), null, null))
			.given(this.wixMedia)
			.importFile(any(), any(), any());
		assertThatExceptionOfType(WixApiException.class).isThrownBy(() -> this.media.imported(refused));
		verifyNoInteractions(this.whatsApp);
	}

	private static Delivery delivery(List<Media> media) {
		InboxEvent event = new InboxEvent("e1", "whatsapp", Instant.now(),
				new InboxEvent.Customer(null, "+14155550123", null), message(media), null);
		return Delivery.of(event, "contact-1").inConversation("conversation-1", Instant.now());
	}

	private static InboxEvent.Message message(List<Media> media) {
		return new InboxEvent.Message(InboxEvent.MessageKind.BASIC, "", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS,
				InboxEvent.Visibility.BUSINESS, null, null, null, null, media);
	}

	private static Path downloaded(String content) throws IOException {
		Path file = Files.createTempFile("inbound-media-test-", ".media");
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

}
