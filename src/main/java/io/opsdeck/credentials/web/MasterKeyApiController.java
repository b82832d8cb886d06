package io.opsdeck.credentials.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opsdeck.credentials.internal.MasterKeyRotation;
import io.opsdeck.shared.ConflictException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/master-key}: which master key encrypts, how many stored values are under each key id, and the
 * online re-encryption under the current key (docs/inventory-and-credentials.md, "Rotating the master key"). Global
 * ADMIN only. Shows key ids (first 8 hex digits of the key's SHA-256), never a key.
 */
@RestController
@RequestMapping("/api/v1/master-key")
@Tag(name = "Master key")
class MasterKeyApiController {

	private final MasterKeyRotation rotation;

	MasterKeyApiController(MasterKeyRotation rotation) {
		this.rotation = rotation;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Master key status",
			description = "Current key id, previous key ids, stored values per key id (in total and per place) and this"
					+ " node's last rotation. After a rotation, rows holds only the current key id.")
	MasterKeyView get() {
		return view();
	}

	@PostMapping("/rotate")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Re-encrypt everything under the current key",
			description = "Starts in the background and answers 202 with the status; poll GET /api/v1/master-key."
					+ " 409 while a rotation runs on this node.")
	ResponseEntity<MasterKeyView> rotate() {
		if (!this.rotation.start()) {
			throw new ConflictException("a master key rotation is already running on this node");
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(view());
	}

	private MasterKeyView view() {
		Map<String, Map<String, Long>> places = this.rotation.countByKeyId();
		Map<String, Long> rows = new TreeMap<>();
		places.values().forEach(counts -> counts.forEach((id, n) -> rows.merge(id, n, Long::sum)));
		return new MasterKeyView(this.rotation.currentKeyId(), this.rotation.previousKeyIds(), rows, places,
				this.rotation.status());
	}

	/**
	 * @param currentKeyId id of the key that encrypts
	 * @param previousKeyIds ids of the keys that only decrypt
	 * @param rows stored values per key id, over all places
	 * @param places per place ({@code credentials}, {@code table.column}) the values per key id
	 * @param rotation this node's last rotation
	 */
	record MasterKeyView(String currentKeyId, List<String> previousKeyIds, Map<String, Long> rows,
			Map<String, Map<String, Long>> places, MasterKeyRotation.Status rotation) {
	}

}
