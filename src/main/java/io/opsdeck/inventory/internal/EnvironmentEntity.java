package io.opsdeck.inventory.internal;

import java.time.Instant;
import java.util.UUID;

import io.opsdeck.inventory.EnvironmentSummary;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/** A row of {@code environments}. */
@Entity
@Table(name = "environments")
class EnvironmentEntity {

	@Id
	private UUID id;

	private String name;

	private String kind;

	private String cloudProvider;

	private String region;

	private @Nullable String description;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	protected EnvironmentEntity() {
	}

	EnvironmentEntity(EnvironmentSpec spec, Instant now) {
		this.id = UUID.randomUUID();
		this.name = spec.name();
		this.createdAt = now;
		apply(spec, now);
	}

	/** Copies everything but the name, which never changes. */
	void apply(EnvironmentSpec spec, Instant now) {
		this.kind = spec.kind();
		this.cloudProvider = spec.cloudProvider();
		this.region = spec.region();
		this.description = (spec.description() == null || spec.description().isBlank()) ? null
				: spec.description().strip();
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	EnvironmentSummary toSummary() {
		return new EnvironmentSummary(this.id, this.name, this.kind, this.cloudProvider, this.region);
	}

	EnvironmentDetails toDetails(long serverCount) {
		return new EnvironmentDetails(this.id, this.name, this.kind, this.cloudProvider, this.region, this.description,
				serverCount, this.createdAt, this.updatedAt, version());
	}

	/** @return its {@code @Version}, 0 before it is first stored */
	long version() {
		return (this.version != null) ? this.version : 0;
	}

}
