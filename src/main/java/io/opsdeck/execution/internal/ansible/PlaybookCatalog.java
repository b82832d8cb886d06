package io.opsdeck.execution.internal.ansible;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.opsdeck.shared.InvalidInputException;

import org.springframework.stereotype.Component;

/**
 * The playbooks runs may name: YAML files in the playbook directory (and its sub-directories, up to three levels).
 * A name is resolved only inside that directory: no {@code ..}, no absolute path, no symbolic link that leads out.
 */
@Component
public class PlaybookCatalog {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*){0,3}\\.ya?ml");

	private final AnsibleProperties properties;

	PlaybookCatalog(AnsibleProperties properties) {
		this.properties = properties;
	}

	/** @return playbook names relative to the playbook directory, sorted; empty when the directory is missing */
	public List<String> list() {
		Path root = properties.playbooks();
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(root, 4)) {
			return files.filter(Files::isRegularFile)
				.map(path -> root.relativize(path).toString())
				.filter(name -> NAME.matcher(name).matches())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param name playbook name, e.g. {@code health-check.yml}
	 * @return the playbook file, absolute and real
	 * @throws InvalidInputException (field {@code playbook}) when the name is malformed, leaves the directory or
	 * names no file
	 */
	public Path resolve(String name) {
		if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
			throw new InvalidInputException("playbook",
					"playbook must be a .yml or .yaml file name inside the playbook directory, e.g. health-check.yml");
		}
		Path root = properties.playbooks();
		Path candidate = root.resolve(name).normalize();
		try {
			Path realRoot = root.toRealPath();
			Path real = candidate.toRealPath();
			if (!real.startsWith(realRoot) || !Files.isRegularFile(real)) {
				throw new InvalidInputException("playbook", "playbook '" + name + "' is not in the playbook directory");
			}
			return real;
		}
		catch (IOException ex) {
			throw new InvalidInputException("playbook", "playbook '" + name + "' does not exist; available: " + list());
		}
	}

}
