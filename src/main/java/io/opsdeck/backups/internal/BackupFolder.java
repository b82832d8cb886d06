package io.opsdeck.backups.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsdeck.backups.BackupLayout;
import org.jspecify.annotations.Nullable;

/**
 * The objects directly inside one {@code <prefix>/<timestamp>/} folder, by name. Grouping ignores objects deeper
 * down, folders whose name is not a valid timestamp, and everything outside the prefix.
 *
 * @param timestamp the folder name
 * @param takenAt the timestamp as an instant
 * @param folderKey {@code <prefix>/<timestamp>/}
 * @param objects by name (e.g. {@code db.dump}), sorted
 */
record BackupFolder(String timestamp, Instant takenAt, String folderKey, Map<String, ListedObject> objects) {

	/** @return the object with this name, or {@code null} */
	@Nullable ListedObject object(String name) {
		return objects.get(name);
	}

	/** @return whether this folder is a backup: it holds {@code db.dump} (docs/design/drills-contract.md) */
	boolean isBackup() {
		return objects.containsKey(BackupLayout.DATABASE);
	}

	/**
	 * @param prefix the storage prefix without slashes, possibly empty
	 * @param listed objects from a listing of {@code <prefix>/}, in any order
	 * @return the folders holding a {@code db.dump}, newest first
	 */
	static List<BackupFolder> group(String prefix, Iterable<ListedObject> listed) {
		String keyPrefix = prefix.isEmpty() ? "" : prefix + "/";
		Map<String, Map<String, ListedObject>> byFolder = new LinkedHashMap<>();
		for (ListedObject object : listed) {
			if (!object.key().startsWith(keyPrefix)) {
				continue;
			}
			String rest = object.key().substring(keyPrefix.length());
			int slash = rest.indexOf('/');
			if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
				continue;
			}
			byFolder.computeIfAbsent(rest.substring(0, slash), k -> new TreeMap<>())
				.put(rest.substring(slash + 1), object);
		}
		List<BackupFolder> folders = new ArrayList<>();
		byFolder.forEach((name, objects) -> BackupLayout.parse(name).ifPresent(takenAt -> {
			BackupFolder folder = new BackupFolder(name, takenAt, BackupLayout.folderKey(prefix, name),
					java.util.Collections.unmodifiableMap(objects));
			if (folder.isBackup()) {
				folders.add(folder);
			}
		}));
		folders.sort(Comparator.comparing(BackupFolder::takenAt).reversed());
		return folders;
	}

}
