package io.opsdeck.schedules.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Schedule parameters and action results to and from JSON text (the {@code jsonb} columns). */
@Component
class ScheduleJson {

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper = JsonMapper.builder().build();

	Map<String, Object> read(@Nullable String json) {
		return (json == null || json.isBlank()) ? new LinkedHashMap<>() : mapper.readValue(json, MAP);
	}

	String write(Object value) {
		return mapper.writeValueAsString(value);
	}

}
