package io.opsdeck.system;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link UnreadableRequestBody}: a whole-number body field that cannot be read names the range the field declares,
 * as a query parameter does ({@link ParameterMismatch}), not the range of its Java type.
 */
class UnreadableRequestBodyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	record Body(@Min(1) @Max(3650) Integer expiresInDays, @Positive long after, int plain, Nested nested) {
	}

	record Nested(@Min(0) @Max(300) int waitSeconds) {
	}

	record Single(Integer value) {
	}

	@Test
	void aWholeNumberFieldNamesTheRangeItDeclares() {
		assertThat(error("{\"expiresInDays\":\"ten\"}")).containsEntry("field", "expiresInDays")
			.containsEntry("message", "must be a whole number from 1 to 3650");
		assertThat(error("{\"expiresInDays\":99999999999}")).containsEntry("field", "expiresInDays")
			.containsEntry("message", "must be a whole number from 1 to 3650");
		assertThat(error("{\"after\":\"x\"}")).containsEntry("message",
				"must be a whole number from 1 to " + Long.MAX_VALUE);
		assertThat(error("{\"nested\":{\"waitSeconds\":1e400}}")).containsEntry("field", "nested.waitSeconds")
			.containsEntry("message", "must be a whole number from 0 to 300");
	}

	@Test
	void anUndeclaredFieldKeepsItsTypesDescription() {
		assertThat(error("{\"plain\":\"x\"}")).containsEntry("field", "plain")
			.containsEntry("message", "must be a whole number from -2147483648 to 2147483647");
		assertThat(error("{\"nested\":\"x\"}")).containsEntry("field", "nested")
			.containsEntry("message", "must be an object");
	}

	/** A body in Latin-1 was "not valid JSON (line 1, column 15)", which sent the reader looking for a syntax error. */
	@Test
	void aBodyThatIsNotUtf8SaysSo() {
		byte[] latin1 = "{\"expiresInDays\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		JacksonException jackson = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(latin1, Body.class));
		ProblemDetail problem = UnreadableRequestBody
			.problem(new HttpMessageNotReadableException("unreadable", jackson, null));

		assertThat(problem.getDetail()).startsWith("Request body is not valid UTF-8 (line 1, column ");
		assertThat(UnreadableRequestBody.problem(new HttpMessageNotReadableException("unreadable",
				catchThrowableOfType(JacksonException.class, () -> JSON.readValue("{\"plain\":", Body.class)), null))
			.getDetail()).startsWith("Request body is not valid JSON (line 1");
	}

	/** Two JSON values in one body said "must be an object" for "body", which it is. */
	@Test
	void twoValuesInOneBodyAreNotValidJson() {
		JacksonException jackson = catchThrowableOfType(JacksonException.class,
				() -> JSON.readValue("{\"value\":1}{\"value\":2}", Single.class));
		ProblemDetail problem = UnreadableRequestBody
			.problem(new HttpMessageNotReadableException("unreadable", jackson, null));

		assertThat(problem.getDetail()).isEqualTo("Request body is not valid JSON: more than one value");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> error(String json) {
		JacksonException jackson = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(json, Body.class));
		ProblemDetail problem = UnreadableRequestBody
			.problem(new HttpMessageNotReadableException("unreadable", jackson, null));
		List<Map<String, String>> errors = (List<Map<String, String>>) problem.getProperties().get("errors");
		assertThat(errors).as(problem.toString()).hasSize(1);
		return errors.get(0);
	}

}
