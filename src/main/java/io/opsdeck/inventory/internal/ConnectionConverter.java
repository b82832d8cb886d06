package io.opsdeck.inventory.internal;

import java.util.Locale;

import io.opsdeck.inventory.Connection;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link Connection} as {@code ssh} / {@code local}, the API spelling. */
@Converter(autoApply = true)
class ConnectionConverter implements AttributeConverter<Connection, String> {

	@Override
	public String convertToDatabaseColumn(Connection connection) {
		return (connection != null) ? connection.name().toLowerCase(Locale.ROOT) : null;
	}

	@Override
	public Connection convertToEntityAttribute(String value) {
		return (value != null) ? Connection.valueOf(value.toUpperCase(Locale.ROOT)) : null;
	}

}
