package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points {@code opsdeck.data-directory} at a fresh temporary directory, one per test JVM, so integration tests get
 * their own embedded PostgreSQL cluster and master key and never touch {@code ~/.opsdeck}.
 */
public class TestDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Path DIRECTORY = create();

	/** @return the data directory integration tests run with */
	public static Path path() {
		return DIRECTORY;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("opsdeck-test-data-directory",
					Map.of("opsdeck.data-directory", DIRECTORY.toString())));
	}

	private static Path create() {
		try {
			return Files.createTempDirectory("opsdeck-test-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
