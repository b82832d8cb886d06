package io.opsdeck.system;

import io.opsdeck.shared.StrictFields;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses unknown fields in request bodies of types marked {@link StrictFields}, while the application's mapper
 * otherwise ignores them: Jackson asks this handler about every unknown field before it skips one. The failure is
 * Jackson's own {@link UnrecognizedPropertyException} with the field's path, which {@link UnreadableRequestBody}
 * answers with a 400 problem naming the field ("is not a known field").
 */
final class StrictFieldsModule extends SimpleModule {

	StrictFieldsModule() {
		super("opsdeck-strict-fields");
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		context.addHandler(new RefuseUnknownFields());
	}

	private static final class RefuseUnknownFields extends DeserializationProblemHandler {

		@Override
		public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
				ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
			Class<?> type = (beanOrClass instanceof Class<?> c) ? c : beanOrClass.getClass();
			if (type.isAnnotationPresent(StrictFields.class)) {
				throw UnrecognizedPropertyException.from(parser, beanOrClass, propertyName,
						deserializer.getKnownPropertyNames());
			}
			return false;
		}

	}

}
