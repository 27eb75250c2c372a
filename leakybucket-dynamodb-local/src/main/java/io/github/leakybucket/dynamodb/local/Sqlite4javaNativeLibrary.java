package io.github.leakybucket.dynamodb.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the sqlite4java native library that DynamoDB Local needs and sets {@value #LIBRARY_PATH_PROPERTY}.
 * <p>
 * Without that property DynamoDB Local hangs on its first request instead of failing, so a missing library is
 * reported here, before the server starts. The library is looked for, in order:
 * <ol>
 * <li>in the directory the property already names;</li>
 * <li>as a class-path resource {@code sqlite4java/<file>} (how this module's jar carries it for Linux x64,
 * also inside an executable jar), copied out to a temporary directory;</li>
 * <li>as a plain class-path entry (how {@code spring-boot:run} passes the Maven {@code so} artifact);</li>
 * <li>in the local Maven repository, as the {@code com.almworks.sqlite4java} artifact of this platform.</li>
 * </ol>
 */
final class Sqlite4javaNativeLibrary {

	static final String LIBRARY_PATH_PROPERTY = "sqlite4java.library.path";

	private Sqlite4javaNativeLibrary() {
	}

	/**
	 * Ensures {@value #LIBRARY_PATH_PROPERTY} names a directory holding this platform's native library.
	 * @return the directory
	 * @throws IllegalStateException if the library cannot be found anywhere
	 */
	static synchronized Path install() {
		String fileName = platformFileName();
		String configured = System.getProperty(LIBRARY_PATH_PROPERTY);
		if (configured != null && Files.isRegularFile(Path.of(configured, fileName))) {
			return Path.of(configured);
		}
		Path directory = fromClassPathResource(fileName)
			.or(() -> fromClassPathEntry(fileName))
			.or(() -> fromLocalMavenRepository(fileName))
			.orElseThrow(() -> new IllegalStateException("DynamoDB Local needs the sqlite4java native library '"
					+ fileName + "' but it was found neither in -D" + LIBRARY_PATH_PROPERTY + "=" + configured
					+ ", nor as class-path resource 'sqlite4java/" + fileName + "', nor on the class path, nor in "
					+ localMavenRepository() + ". Add the Maven artifact com.almworks.sqlite4java:"
					+ artifactId(fileName) + " (type " + extension(fileName) + ") or set -D" + LIBRARY_PATH_PROPERTY
					+ " to the directory that holds it."));
		System.setProperty(LIBRARY_PATH_PROPERTY, directory.toString());
		return directory;
	}

	static String platformFileName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm64");
		boolean x64 = arch.contains("64") && !arm;
		if (os.contains("win")) {
			return x64 ? "sqlite4java-win32-x64.dll" : "sqlite4java-win32-x86.dll";
		}
		if (os.contains("mac") || os.contains("darwin")) {
			return arm ? "libsqlite4java-osx-aarch64.dylib" : "libsqlite4java-osx.dylib";
		}
		if (arm) {
			return "libsqlite4java-linux-aarch64.so";
		}
		return x64 ? "libsqlite4java-linux-amd64.so" : "libsqlite4java-linux-i386.so";
	}

	private static Optional<Path> fromClassPathResource(String fileName) {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		if (loader == null) {
			loader = Sqlite4javaNativeLibrary.class.getClassLoader();
		}
		try (InputStream in = loader.getResourceAsStream("sqlite4java/" + fileName)) {
			if (in == null) {
				return Optional.empty();
			}
			Path directory = Files.createTempDirectory("leakybucket-sqlite4java");
			Path target = directory.resolve(fileName);
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			target.toFile().deleteOnExit();
			directory.toFile().deleteOnExit();
			return Optional.of(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy the sqlite4java native library out of the class path", ex);
		}
	}

	private static Optional<Path> fromClassPathEntry(String fileName) {
		String prefix = fileName.substring(0, fileName.lastIndexOf('.'));
		String extension = extension(fileName);
		for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
			Path path = Path.of(entry);
			String name = path.getFileName() == null ? "" : path.getFileName().toString();
			if (name.startsWith(prefix) && name.endsWith("." + extension) && Files.isRegularFile(path)) {
				return Optional.of(copyUnderPlainName(path, fileName));
			}
		}
		return Optional.empty();
	}

	private static Optional<Path> fromLocalMavenRepository(String fileName) {
		String artifactId = artifactId(fileName);
		Path artifactDirectory = localMavenRepository().resolve("com/almworks/sqlite4java").resolve(artifactId);
		if (!Files.isDirectory(artifactDirectory)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(artifactDirectory)) {
			return versions.sorted(Comparator.reverseOrder())
				.map((version) -> version
					.resolve(artifactId + "-" + version.getFileName() + "." + extension(fileName)))
				.filter(Files::isRegularFile)
				.findFirst()
				.map((file) -> copyUnderPlainName(file, fileName));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static Path copyUnderPlainName(Path source, String fileName) {
		if (source.getFileName().toString().equals(fileName)) {
			return source.getParent();
		}
		try {
			Path directory = Files.createTempDirectory("leakybucket-sqlite4java");
			Path target = directory.resolve(fileName);
			Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
			target.toFile().deleteOnExit();
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy the sqlite4java native library " + source, ex);
		}
	}

	private static Path localMavenRepository() {
		String configured = System.getProperty("maven.repo.local");
		return (configured != null) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".m2", "repository");
	}

	private static String artifactId(String fileName) {
		return fileName.substring(0, fileName.lastIndexOf('.'));
	}

	private static String extension(String fileName) {
		return fileName.substring(fileName.lastIndexOf('.') + 1);
	}

}
