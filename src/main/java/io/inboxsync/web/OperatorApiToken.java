package io.inboxsync.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.inboxsync.config.InboxSyncProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The bearer token of the operator API: {@code inbox-sync.api.token}, or else one
 * generated at first start and kept in {@code <data-dir>/api-token} (readable by its
 * owner only). The log says where it is, never what it is.
 */
@Component
public class OperatorApiToken {

	private static final Logger log = LoggerFactory.getLogger(OperatorApiToken.class);

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	public OperatorApiToken(InboxSyncProperties properties) throws IOException {
		String configured = properties.api().token();
		this.token = (StringUtils.hasText(configured) ? configured : stored(properties.dataDir().resolve("api-token")))
			.getBytes(StandardCharsets.UTF_8);
	}

	public boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8));
	}

	/** Whether a request carries this token as {@code Authorization: Bearer <token>}. */
	public boolean isPresentedBy(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		return authorization != null && authorization.startsWith(BEARER)
				&& matches(authorization.substring(BEARER.length()).trim());
	}

	private static String stored(Path file) throws IOException {
		if (Files.exists(file)) {
			log.info("Operator API token: read from {}", file.toAbsolutePath());
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String generated = HexFormat.of().formatHex(random);
		Files.createDirectories(file.getParent());
		Files.writeString(file, generated, StandardCharsets.UTF_8);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			log.warn("Could not restrict the permissions of {}", file.toAbsolutePath());
		}
		log.info("Operator API token: generated and stored in {} (set inbox-sync.api.token to choose one)",
				file.toAbsolutePath());
		return generated;
	}

}
