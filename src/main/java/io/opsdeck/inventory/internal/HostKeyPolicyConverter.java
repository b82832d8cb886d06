package io.opsdeck.inventory.internal;

import io.opsdeck.inventory.HostKeyPolicy;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link HostKeyPolicy} in its API spelling, {@code strict} / {@code trust-on-first-use}. */
@Converter(autoApply = true)
class HostKeyPolicyConverter implements AttributeConverter<HostKeyPolicy, String> {

	@Override
	public String convertToDatabaseColumn(HostKeyPolicy policy) {
		return (policy != null) ? policy.value() : null;
	}

	@Override
	public HostKeyPolicy convertToEntityAttribute(String value) {
		return (value != null) ? HostKeyPolicy.fromValue(value) : null;
	}

}
