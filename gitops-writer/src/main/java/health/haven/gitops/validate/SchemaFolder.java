package health.haven.gitops.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform team's schema export, read again whenever its files change: a team that adds
 * a CRD to the folder need not restart the portal for the next render to use it.
 */
public class SchemaFolder implements Supplier<ManifestSchemas> {

	private static final Logger logger = LoggerFactory.getLogger(SchemaFolder.class);

	private final Path folder;

	private String fingerprint;

	private ManifestSchemas schemas;

	public SchemaFolder(Path folder) throws IOException {
		this.folder = folder;
		this.fingerprint = fingerprint();
		this.schemas = ManifestSchemas.load(folder);
	}

	@Override
	public synchronized ManifestSchemas get() {
		try {
			String now = fingerprint();
			if (!now.equals(this.fingerprint)) {
				this.schemas = ManifestSchemas.load(this.folder);
				this.fingerprint = now;
				logger.info("Read the schemas in {} again: they changed", this.folder);
			}
		}
		catch (IOException ex) {
			// keep validating against what was read last rather than against nothing
			logger.warn("Could not read the schemas in {} again: {}", this.folder, ex.getMessage());
		}
		return this.schemas;
	}

	/**
	 * Names, sizes and modification times of the folder's files: cheap to read, and
	 * different after any change.
	 */
	private String fingerprint() throws IOException {
		StringBuilder fingerprint = new StringBuilder();
		try (Stream<Path> files = Files.walk(this.folder)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				fingerprint.append(file)
					.append(':')
					.append(Files.size(file))
					.append(':')
					.append(Files.getLastModifiedTime(file).toMillis())
					.append(';');
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return fingerprint.toString();
	}

}
