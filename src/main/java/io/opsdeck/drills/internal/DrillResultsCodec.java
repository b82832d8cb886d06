package io.opsdeck.drills.internal;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Stores {@link DrillResults} as JSON in {@code drills.results}. */
@Component
class DrillResultsCodec {

	private final JsonMapper json;

	DrillResultsCodec(JsonMapper json) {
		this.json = json;
	}

	String write(DrillResults results) {
		return json.writeValueAsString(results);
	}

	DrillResults read(String text) {
		return json.readValue(text, DrillResults.class);
	}

}
