package io.opsdeck.execution.internal.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.opsdeck.shared.ControlSocketDirectory;
import io.opsdeck.shared.WorkDirectory;

/**
 * The private directory of one Ansible run ({@code 0700}, in Opsdeck's {@link WorkDirectory}): inventory, extra vars
 * file, {@code known_hosts}, the stats callback plugin, Ansible's local temp and SSH control sockets. When closed,
 * the run's SSH control masters are ended ({@link ControlMasters}) and the directories deleted, so nothing a run was
 * given or started outlives it.
 */
final class AnsibleWorkspace implements AutoCloseable {

	/** Callback plugins every run gets: the play recap per host, and events a playbook reports (drill steps). */
	static final List<String> CALLBACKS = List.of("opsdeck_stats", "opsdeck_events");

	private final Path root;

	/** SSH control sockets: a short path outside {@link #root} (see {@link ControlSocketDirectory}). */
	private final Path sockets;

	AnsibleWorkspace(Path dataDirectory) {
		this.root = WorkDirectory.createPrivate(dataDirectory, "run-");
		try {
			this.sockets = ControlSocketDirectory.create(ControlSocketDirectory.parent());
			Files.createDirectories(root.resolve("tmp"));
			Path plugins = Files.createDirectories(root.resolve("callback_plugins"));
			for (String callback : CALLBACKS) {
				try (InputStream plugin = AnsibleWorkspace.class
					.getResourceAsStream("/ansible/callback_plugins/" + callback + ".py")) {
					if (plugin == null) {
						throw new IllegalStateException("callback plugin " + callback + ".py is missing from the classpath");
					}
					Files.copy(plugin, plugins.resolve(callback + ".py"));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path root() {
		return root;
	}

	/** Writes a file only this user can read ({@code 0600}). */
	Path writePrivate(String name, String content) {
		Path file = root.resolve(name);
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path controlSockets() {
		return sockets;
	}

	Path callbackPlugins() {
		return root.resolve("callback_plugins");
	}

	Path statsFile() {
		return root.resolve("stats.json");
	}

	Path localTemp() {
		return root.resolve("tmp");
	}

	@Override
	public void close() {
		ControlMasters.end(sockets);
		delete(sockets);
		delete(root);
	}

	private static void delete(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
			for (Path path : all) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			// a socket or file held by a straggling ssh process; the OS temp cleaner takes the rest
		}
	}

}
