package health.haven.api.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets the portal keeps in its database (webhook secrets, the embedded issuer's
 * signing keys): encrypted with AES-256-GCM under a key kept outside the database, so a
 * copy of the database alone does not reveal them. Each value carries its own random
 * nonce; a value tampered with does not decrypt. The key is {@code haven.secrets.key}
 * (base64 of 32 random bytes; every replica needs the same), or else a key file created
 * once in the data folder, which suits one machine.
 */
public class SecretBox {

	static final String KEY_FILE = "secrets.key";

	private static final Logger logger = LoggerFactory.getLogger(SecretBox.class);

	private static final String VERSION = "v1:";

	private static final int NONCE_BYTES = 12;

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("haven.secrets.key must be 32 bytes (base64 of 32 random bytes)");
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * The key from the configuration, or else from the data folder, created there once.
	 * @param configured {@code haven.secrets.key}, or {@code null}
	 */
	public static SecretBox of(String configured, Path dataDir) {
		if (configured != null && !configured.isBlank()) {
			return new SecretBox(Base64.getDecoder().decode(configured.trim()));
		}
		Path file = dataDir.resolve(KEY_FILE);
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(dataDir);
				byte[] fresh = new byte[32];
				new SecureRandom().nextBytes(fresh);
				Path written = Files.writeString(dataDir.resolve(KEY_FILE + ".new"),
						Base64.getEncoder().encodeToString(fresh));
				if (written.getFileSystem().supportedFileAttributeViews().contains("posix")) {
					Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
				}
				Files.move(written, file);
				logger.info("Created the key the portal's secrets are encrypted with at {}; replicas sharing a "
						+ "database need the same key (haven.secrets.key)", file);
			}
			return new SecretBox(Base64.getDecoder().decode(Files.readString(file).trim()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create " + file, ex);
		}
	}

	public String encrypt(String secret) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return VERSION + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every Java", ex);
		}
	}

	public String decrypt(String stored) {
		if (!stored.startsWith(VERSION)) {
			throw new IllegalStateException("Not a secret this portal stored");
		}
		byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
			return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"A stored secret does not decrypt: the key (haven.secrets.key) is not the one it was stored with",
					ex);
		}
	}

}
