package io.inboxsync.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import io.inboxsync.config.InboxSyncProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The bearer token of the operator API: {@code inbox-sync.api.token}, or else, with the
 * embedded database only, one generated at first start and kept in
 * {@code <data-dir>/api-token} (readable by its owner only). The log says where it is,
 * never what it is.
 */
@Component
public class OperatorApiToken {

	private static final Logger log = LoggerFactory.getLogger(OperatorApiToken.class);

	/** The setting that chooses the token. */
	public static final String PROPERTY = "inbox-sync.api.token";

	private static final String ENVIRONMENT_VARIABLE = "INBOX_SYNC_API_TOKEN";

	private static final String DATABASE_URL = "spring.datasource.url";

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	@Autowired
	public OperatorApiToken(InboxSyncProperties properties, @Value("${" + DATABASE_URL + ":}") String databaseUrl)
			throws IOException {
		this(properties.api().token(), properties.dataDir(), databaseUrl);
	}

	/**
	 * A generated token is one instance's own: with a database other instances may share,
	 * each would refuse the others' token, so one must be configured for them all.
	 */
	OperatorApiToken(String configured, Path dataDir, String databaseUrl) throws IOException {
		if (!StringUtils.hasText(configured) && !isEmbedded(databaseUrl)) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, "",
					"the database (" + DATABASE_URL + ") is not the embedded H2 one, so other instances may share it, "
							+ "and each would refuse the token another one generated: set " + PROPERTY
							+ " (environment " + ENVIRONMENT_VARIABLE + ") to the same secret on every instance");
		}
		this.token = (StringUtils.hasText(configured) ? configured : stored(dataDir.resolve("api-token")))
			.getBytes(StandardCharsets.UTF_8);
	}

	public boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A key of its own for each purpose, made from the token: what signs the console's
	 * sessions, so that every instance with the same token accepts them, and a new token
	 * ends them all.
	 */
	byte[] keyFor(String purpose) {
		return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, this.token).hmac(purpose);
	}

	/** Whether a request carries this token as {@code Authorization: Bearer <token>}. */
	public boolean isPresentedBy(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		return authorization != null && authorization.startsWith(BEARER)
				&& matches(authorization.substring(BEARER.length()).trim());
	}

	/**
	 * An H2 database in this process (a file or memory), or none configured (Spring Boot
	 * then makes one in memory); an H2 server is reached by several.
	 */
	private static boolean isEmbedded(String databaseUrl) {
		if (!StringUtils.hasText(databaseUrl)) {
			return true;
		}
		String url = databaseUrl.trim().toLowerCase(Locale.ROOT);
		return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
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
