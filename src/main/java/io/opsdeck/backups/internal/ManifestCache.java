package io.opsdeck.backups.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Parsed manifests keyed by endpoint, bucket, key and ETag. The ETag comes from a fresh listing and changes whenever
 * the object is replaced, so an entry can never be stale: a replaced manifest has a new key here. Saves one GET per
 * backup on every listing. Holds at most {@value #MAX_ENTRIES} entries, least recently used out first.
 */
@Component
class ManifestCache {

	static final int MAX_ENTRIES = 5000;

	private final Map<String, ManifestOutcome> entries = new LinkedHashMap<>(256, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, ManifestOutcome> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	synchronized Optional<ManifestOutcome> get(String cacheKey) {
		return Optional.ofNullable(entries.get(cacheKey));
	}

	synchronized void put(String cacheKey, ManifestOutcome outcome) {
		entries.put(cacheKey, outcome);
	}

	/**
	 * @return the cache key, or empty when the listing gave no ETag (then nothing is cached)
	 */
	static Optional<String> key(StorageSettings settings, ListedObject manifest) {
		if (manifest.eTag() == null || manifest.eTag().isBlank()) {
			return Optional.empty();
		}
		return Optional.of(settings.describeEndpoint() + "\n" + settings.bucket() + "\n" + manifest.key() + "\n"
				+ manifest.eTag());
	}

}
