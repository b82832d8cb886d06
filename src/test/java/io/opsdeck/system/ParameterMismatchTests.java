package io.opsdeck.system;

import java.lang.reflect.Method;
import java.util.UUID;

import io.opsdeck.shared.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.Range;
import org.junit.jupiter.api.Test;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ParameterMismatch}: the message for a parameter that is not a number names the range the parameter itself
 * declares, not its Java type's.
 */
class ParameterMismatchTests {

	@Test
	void wholeNumbersNameTheirDeclaredRange() {
		assertThat(message("minMax", 0)).isEqualTo("must be a whole number from 0 to 300");
		assertThat(message("range", 0)).isEqualTo("must be a whole number from 5 to 10");
		assertThat(message("minOnly", 0)).isEqualTo("must be a whole number from 1 to 2147483647");
		assertThat(message("positiveLong", 0)).isEqualTo("must be a whole number from 1 to 9223372036854775807");
		assertThat(message("maxBeyondType", 0)).isEqualTo("must be a whole number from -2147483648 to 2147483647");
	}

	@Test
	void undeclaredParametersKeepTheTypesDescription() {
		assertThat(message("plain", 0)).isEqualTo("must be a whole number from -2147483648 to 2147483647");
		assertThat(message("plainLong", 0)).isEqualTo("must be a whole number");
		assertThat(message("id", 0)).startsWith("must be a UUID");
	}

	@Test
	void aPageIsHeldToTheBoundEveryListApplies() {
		assertThat(message("page", 0)).isEqualTo("must be a whole number from 0 to " + PageParameterLimit.MAX_PAGE);
	}

	@Test
	void anUndeclaredSizeIsHeldToTheBoundTheListsCheckInCode() {
		assertThat(message("size", 0)).isEqualTo("must be a whole number from 1 to " + Paging.MAX_SIZE);
		assertThat(message("minOnly", 0)).isEqualTo("must be a whole number from 1 to 2147483647");
	}

	private static String message(String method, int index) {
		Method handler = null;
		for (Method candidate : Handlers.class.getDeclaredMethods()) {
			if (candidate.getName().equals(method)) {
				handler = candidate;
			}
		}
		MethodParameter parameter = new MethodParameter(handler, index);
		parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
		return ParameterMismatch.message(new MethodArgumentTypeMismatchException("abc",
				parameter.getParameterType(), parameter.getParameterName(), parameter,
				new NumberFormatException("For input string: \"abc\"")));
	}

	@SuppressWarnings("unused")
	static class Handlers {

		void minMax(@Min(0) @Max(300) int waitSeconds) {
		}

		void range(@Range(min = 5, max = 10) Integer value) {
		}

		void minOnly(@Min(1) int size) {
		}

		void positiveLong(@Positive Long after) {
		}

		void maxBeyondType(@Max(Long.MAX_VALUE) int value) {
		}

		void plain(int count) {
		}

		void plainLong(long since) {
		}

		void id(UUID id) {
		}

		void page(int page) {
		}

		void size(int size) {
		}

	}

}
