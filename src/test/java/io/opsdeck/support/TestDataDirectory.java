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

	/**
	 * A test class whose context differs from the shared one (e.g. {@code @TestPropertySource}) must set
	 * {@code opsdeck.test.own-data-directory=true}: Spring keeps the shared context alive, and one embedded
	 * PostgreSQL cluster cannot serve two running contexts. Such a context gets a fresh directory of its own.
	 */
	@Override
	public void initialize(ConfigurableApplicationContext context) {
		boolean own = Boolean.parseBoolean(context.getEnvironment().getProperty("opsdeck.test.own-data-directory", "false"));
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("opsdeck-test-data-directory",
					Map.of("opsdeck.data-directory", (own ? create() : DIRECTORY).toString())));
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
