package io.opsdeck.system;

import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.jdk.UntypedObjectDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Rejects JSON request bodies with a NUL character ({@code \u0000}) in any string or object key, at any depth
 * (also inside free-form maps such as {@code extraVars}). PostgreSQL cannot store NUL in {@code text} or
 * {@code jsonb}, so such input would otherwise fail deep inside a transaction. The failure is a
 * {@link NulCharacterException} carrying the JSON path, which {@link ApiProblemAdvice} answers with a 400 naming the
 * field. Likewise an unpaired surrogate (a {@code \ud800}-{@code \udfff} escape that is not half of a pair, which JSON
 * allows and Unicode text does not, RFC 8259 section 8.2): PostgreSQL and the SSH channel (UTF-8) silently turned it
 * into {@code ?}, a shell wildcard in a command ({@link UnpairedSurrogateException}).
 */
final class NulCharacterModule extends SimpleModule {

	NulCharacterModule() {
		super("opsdeck-nul-characters");
		addDeserializer(String.class, new NulRejectingStringDeserializer());
		addKeyDeserializer(String.class, new NulRejectingKeyDeserializer());
		addDeserializer(Object.class, new NulRejectingUntypedDeserializer());
	}

	private static boolean hasNul(String value) {
		return value != null && value.indexOf('\0') >= 0;
	}

	/** @throws MismatchedInputException when {@code value} holds a NUL character or an unpaired surrogate */
	private static void check(String value, JsonParser parser) {
		if (hasNul(value)) {
			throw new NulCharacterException(parser);
		}
		if (value != null && hasUnpairedSurrogate(value)) {
			throw new UnpairedSurrogateException(parser);
		}
	}

	private static boolean hasUnpairedSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/** A string or key with a NUL character; {@link #getPath()} names where. */
	static final class NulCharacterException extends MismatchedInputException {

		NulCharacterException(JsonParser parser) {
			super(parser, "JSON string contains a NUL character", String.class);
		}

	}

	/** A string or key with half of a surrogate pair alone; {@link #getPath()} names where. */
	static final class UnpairedSurrogateException extends MismatchedInputException {

		UnpairedSurrogateException(JsonParser parser) {
			super(parser, "JSON string contains an unpaired surrogate", String.class);
		}

	}

	private static final class NulRejectingStringDeserializer extends StdScalarDeserializer<String> {

		NulRejectingStringDeserializer() {
			super(String.class);
		}

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = StringDeserializer.instance.deserialize(parser, context);
			check(value, parser);
			return value;
		}

		@Override
		public Object getEmptyValue(DeserializationContext context) {
			return "";
		}

		@Override
		public LogicalType logicalType() {
			return LogicalType.Textual;
		}

	}

	private static final class NulRejectingKeyDeserializer extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			check(key, context.getParser());
			return key;
		}

	}

	/** Jackson's own deserializer for untyped values, checking the keys of every object it builds. */
	private static final class NulRejectingUntypedDeserializer extends UntypedObjectDeserializer {

		NulRejectingUntypedDeserializer() {
			super((JavaType) null, (JavaType) null);
		}

		@Override
		protected Object mapObject(JsonParser parser, DeserializationContext context) {
			Object value = super.mapObject(parser, context);
			if (value instanceof Map<?, ?> map) {
				map.keySet().forEach((key) -> {
					if (key instanceof String text) {
						check(text, parser);
					}
				});
			}
			return value;
		}

	}

}
