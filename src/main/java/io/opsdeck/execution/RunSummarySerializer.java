package io.opsdeck.execution;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link RunSummary} field by field, exactly as Jackson's bean serializer writes the record (the same names
 * in the same order, nulls written, the times through {@link IsoInstantSerializer}): a page of the runs list is 50 of
 * them, and the bean serializer's per-property work (accessor calls through method handles, a serializer lookup per
 * value) was about half of the page's JSON time (issue 8, scenario 6, fifth round). {@code RunSummarySerializerTests}
 * compares the two on every field, null or not. Registered with the application's JSON mapper by {@link RunSummaryJsonModule}.
 */
final class RunSummarySerializer extends StdSerializer<RunSummary> {

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString KIND = new SerializedString("kind");

	private static final SerializableString STATUS = new SerializedString("status");

	private static final SerializableString ENVIRONMENT = new SerializedString("environment");

	private static final SerializableString PLAYBOOK = new SerializedString("playbook");

	private static final SerializableString COMMAND = new SerializedString("command");

	private static final SerializableString TRIGGERED_BY = new SerializedString("triggeredBy");

	private static final SerializableString CREATED_AT = new SerializedString("createdAt");

	private static final SerializableString STARTED_AT = new SerializedString("startedAt");

	private static final SerializableString FINISHED_AT = new SerializedString("finishedAt");

	private static final SerializableString DURATION_SECONDS = new SerializedString("durationSeconds");

	private static final SerializableString EXIT_CODE = new SerializedString("exitCode");

	private static final SerializableString MESSAGE = new SerializedString("message");

	private static final SerializableString LABEL = new SerializedString("label");

	private final IsoInstantSerializer times = new IsoInstantSerializer();

	RunSummarySerializer() {
		super(RunSummary.class);
	}

	@Override
	public void serialize(RunSummary run, JsonGenerator generator, SerializationContext context) {
		generator.writeStartObject(run);
		generator.writeName(ID);
		generator.writeString(run.id().toString());
		string(generator, KIND, run.kind());
		string(generator, STATUS, run.status());
		string(generator, ENVIRONMENT, run.environment());
		string(generator, PLAYBOOK, run.playbook());
		string(generator, COMMAND, run.command());
		string(generator, TRIGGERED_BY, run.triggeredBy());
		time(generator, context, CREATED_AT, run.createdAt());
		time(generator, context, STARTED_AT, run.startedAt());
		time(generator, context, FINISHED_AT, run.finishedAt());
		generator.writeName(DURATION_SECONDS);
		generator.writeNumber(run.durationSeconds());
		generator.writeName(EXIT_CODE);
		if (run.exitCode() != null) {
			generator.writeNumber(run.exitCode().intValue());
		}
		else {
			generator.writeNull();
		}
		string(generator, MESSAGE, run.message());
		string(generator, LABEL, run.label());
		generator.writeEndObject();
	}

	private static void string(JsonGenerator generator, SerializableString name, @Nullable String value) {
		generator.writeName(name);
		if (value != null) {
			generator.writeString(value);
		}
		else {
			generator.writeNull();
		}
	}

	private void time(JsonGenerator generator, SerializationContext context, SerializableString name,
			@Nullable Instant value) {
		generator.writeName(name);
		if (value != null) {
			times.serialize(value, generator, context);
		}
		else {
			generator.writeNull();
		}
	}

}
