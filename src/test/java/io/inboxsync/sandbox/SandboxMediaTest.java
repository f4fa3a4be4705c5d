package io.inboxsync.sandbox;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's media: an upload URL takes one file, and Send Message's rule for media
 * URLs takes https and the site's own files, and refuses plain http.
 */
class SandboxMediaTest {

	private final SandboxMedia media = new SandboxMedia();

	@Test
	void anUploadUrlTakesOneFileWhichBecomesAFileOfTheSite() {
		String token = this.media.newUpload("receipt.jpg", "image/jpeg");
		byte[] bytes = "jpeg".getBytes(StandardCharsets.UTF_8);

		SandboxMedia.File file = this.media.upload(token, null, null, bytes).orElseThrow();

		assertThat(file.displayName()).isEqualTo("receipt.jpg");
		assertThat(file.mediaType()).isEqualTo("IMAGE");
		assertThat(this.media.file(file.id())).get().extracting(SandboxMedia.File::bytes).isEqualTo(bytes);
		assertThat(this.media.upload(token, null, "image/jpeg", bytes)).isEmpty();
	}

	@Test
	void sendMessageTakesHttpsAndTheSitesOwnFilesAndRefusesPlainHttp() {
		SandboxMedia.File file = this.media
			.upload(this.media.newUpload("a.pdf", "application/pdf"), null, null, new byte[] { 1 })
			.orElseThrow();

		assertThat(this.media.takesMediaUrl("https://api.twilio.com/2010-04-01/Accounts/AC1/Media/ME1", "")).isTrue();
		assertThat(
				this.media.takesMediaUrl("http://localhost:8080/wix-sandbox/_media/files/" + file.id() + "/a.pdf", ""))
			.isTrue();
		assertThat(this.media
			.takesMediaUrl("http://localhost:8080/app/wix-sandbox/_media/files/" + file.id() + "/a.pdf", "/app"))
			.isTrue();
		assertThat(this.media.takesMediaUrl("http://mms.example.com/1.jpg", "")).isFalse();
		assertThat(this.media.takesMediaUrl(
				"http://localhost:8080/wix-sandbox/_media/files/00000000-0000-0000-0000-000000000000/a.pdf", ""))
			.isFalse();
	}

}
