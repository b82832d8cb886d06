package io.opsdeck.maintenance.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One tick of a checklist item (table {@code maintenance_ticks}); never changed once written. */
@Entity
@Table(name = "maintenance_ticks")
class MaintenanceTick {

	@Id
	private UUID id;

	private String item;

	@Column(name = "environment_id")
	private @Nullable UUID environmentId;

	@Column(name = "done_by")
	private String doneBy;

	@Column(name = "done_at")
	private Instant doneAt;

	private @Nullable String note;

	protected MaintenanceTick() {
	}

	MaintenanceTick(String item, @Nullable UUID environmentId, String doneBy, Instant doneAt, @Nullable String note) {
		this.id = UUID.randomUUID();
		this.item = item;
		this.environmentId = environmentId;
		this.doneBy = doneBy;
		this.doneAt = doneAt;
		this.note = note;
	}

	UUID id() {
		return id;
	}

	String item() {
		return item;
	}

	@Nullable UUID environmentId() {
		return environmentId;
	}

	String doneBy() {
		return doneBy;
	}

	Instant doneAt() {
		return doneAt;
	}

	@Nullable String note() {
		return note;
	}

}
