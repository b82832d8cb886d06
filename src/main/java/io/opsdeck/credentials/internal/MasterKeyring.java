package io.opsdeck.credentials.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master keys Opsdeck holds: the <em>current</em> key, which encrypts every new value and every value a rotation
 * re-encrypts, and the <em>previous</em> keys, which only decrypt values not yet re-encrypted
 * (docs/inventory-and-credentials.md, "Rotating the master key"). Keys are looked up by their id.
 */
final class MasterKeyring {

	private final MasterKey current;

	private final Map<String, MasterKey> keys;

	private MasterKeyring(MasterKey current, Map<String, MasterKey> keys) {
		this.current = current;
		this.keys = keys;
	}

	/**
	 * @param current the key that encrypts
	 * @param previous keys that only decrypt; duplicates and the current key itself are ignored
	 * @return the keyring
	 */
	static MasterKeyring of(MasterKey current, Collection<MasterKey> previous) {
		Map<String, MasterKey> keys = new LinkedHashMap<>();
		keys.put(current.id(), current);
		previous.forEach(key -> keys.putIfAbsent(key.id(), key));
		return new MasterKeyring(current, Map.copyOf(keys));
	}

	static MasterKeyring of(MasterKey current) {
		return of(current, List.of());
	}

	MasterKey current() {
		return this.current;
	}

	/** @return the key with this id, if it is in the ring */
	Optional<MasterKey> find(String id) {
		return Optional.ofNullable(this.keys.get(id));
	}

	/** @return every key, the current one first */
	List<MasterKey> all() {
		return java.util.stream.Stream
			.concat(java.util.stream.Stream.of(this.current),
					this.keys.values().stream().filter(key -> key != this.current).sorted(
							java.util.Comparator.comparing(MasterKey::id)))
			.toList();
	}

	/** @return ids of the previous keys, sorted */
	List<String> previousIds() {
		return this.keys.keySet().stream().filter(id -> !id.equals(this.current.id())).sorted().toList();
	}

	@Override
	public String toString() {
		return "MasterKeyring[current=" + this.current.id() + ", previous=" + previousIds() + "]";
	}

}
