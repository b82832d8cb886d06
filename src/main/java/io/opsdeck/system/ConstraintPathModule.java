package io.opsdeck.system;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Gives jackson-core's length limits the field they hit: a 100,000-digit number ({@code StreamReadConstraints}' 1,000
 * digits) is refused while the parser reads the token, before databind knows which property it is for, so the
 * failure carried no path and was blamed on {@code body}. The deserializers of our own types (request bodies) are
 * wrapped: when such a failure passes through one without a path, the path is taken from the parser's read context
 * (the property names and array indexes it is inside), so {@link UnreadableRequestBody} names the field
 * ({@code expiresInDays}, {@code extraVars.region}). Only length limits: a nesting-depth failure keeps
 * {@code body}. Costs a try block per object read.
 */
final class ConstraintPathModule extends SimpleModule {

	ConstraintPathModule() {
		super("opsdeck-constraint-path");
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		context.addDeserializerModifier(new ValueDeserializerModifier() {
			@Override
			public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
					BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
				return description.getBeanClass().getName().startsWith("io.opsdeck.") ? new WithPath(deserializer)
						: deserializer;
			}
		});
	}

	/**
	 * @param ex a failure from inside a read
	 * @param parser the parser, still positioned where it failed
	 */
	static void addPath(StreamConstraintsException ex, JsonParser parser) {
		String message = ex.getOriginalMessage();
		if (!ex.getPath().isEmpty() || message == null || !message.contains("length")) {
			return;
		}
		List<Object> segments = new ArrayList<>();
		for (TokenStreamContext context = parser.streamReadContext(); context != null
				&& !context.inRoot(); context = context.getParent()) {
			if (context.inObject() && context.currentName() != null) {
				segments.add(context.currentName());
			}
			else if (context.inArray() && context.hasCurrentIndex()) {
				segments.add(context.getCurrentIndex());
			}
		}
		for (Object segment : segments) { // innermost first: each is put in front of the previous
			if (segment instanceof String name) {
				ex.prependPath(new JacksonException.Reference(null, name));
			}
			else {
				ex.prependPath(new JacksonException.Reference(null, (Integer) segment));
			}
		}
	}

	private static final class WithPath extends DelegatingDeserializer {

		WithPath(ValueDeserializer<?> delegate) {
			super(delegate);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
			return new WithPath(delegate);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			try {
				return super.deserialize(parser, context);
			}
			catch (StreamConstraintsException ex) {
				addPath(ex, parser);
				throw ex;
			}
		}

	}

}
