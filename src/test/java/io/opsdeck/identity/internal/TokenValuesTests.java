package io.opsdeck.identity.internal;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenValuesTests {

	private final BearerTokenAuthenticationConverter converter = new BearerTokenAuthenticationConverter();

	@Test
	void generatedValuesAreOdkPlus32RandomBytesInBase64Url() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			String value = TokenValues.generate();
			assertThat(value).matches("odk_[A-Za-z0-9_-]{43}");
			assertThat(TokenValues.isWellFormed(value)).isTrue();
			seen.add(value);
		}
		assertThat(seen).hasSize(100);
	}

	/**
	 * {@code isWellFormed} checks RFC 6750's {@code b64token} by hand (issue 8: every bearer request): it must answer
	 * what the grammar's regex answers, for the edges and for random strings over the token characters, {@code =} and
	 * a few others (every length up to {@value TokenValues#MAX_LENGTH} + 2).
	 */
	@Test
	void wellFormedIsRfc6750B64TokenOfAtMostMaxLength() {
		Pattern b64token = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
		for (String value : new String[] { "", "=", "==", "a", "a=", "a==", "a=b", "=a", "odk_x", "A-Z.a_z~0+9/",
				"a b", "a\t", "é", "a=\u0000", "a%3D", "a,b", "a;b", "\"a\"" }) {
			assertThat(TokenValues.isWellFormed(value)).as(value).isEqualTo(b64token.matcher(value).matches());
		}
		String alphabet = "azAZ09._~+/-==== %,;\"é\u0000";
		Random random = new Random(8);
		for (int i = 0; i < 50_000; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(TokenValues.MAX_LENGTH + 3);
			boolean clean = random.nextBoolean(); // half of them only token characters, then '=' padding
			for (int j = 0; j < length; j++) {
				value.append(clean ? ((j < length - 2) ? "aZ9-_.~+/".charAt(random.nextInt(9)) : '=')
						: alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String text = value.toString();
			assertThat(TokenValues.isWellFormed(text)).as(text)
				.isEqualTo(text.length() <= TokenValues.MAX_LENGTH && b64token.matcher(text).matches());
		}
		assertThat(TokenValues.isWellFormed("a".repeat(TokenValues.MAX_LENGTH))).isTrue();
		assertThat(TokenValues.isWellFormed("a".repeat(TokenValues.MAX_LENGTH + 1))).isFalse();
	}

	@Test
	void hashIsSha256InLowerCaseHex() {
		assertThat(TokenValues.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(TokenValues.prefix("odk_abcdefgh")).isEqualTo("odk_abcd");
		assertThat(TokenValues.prefix("short")).isEqualTo("short");
	}

	@Test
	void converterReadsBearerHeadersAndIgnoresOthers() {
		assertThat(converter.convert(request(null))).isNull();
		assertThat(converter.convert(request("Basic YTpi"))).isNull();
		assertThat(converter.convert(request("Bearerish x"))).isNull();
		assertThat(converter.convert(request("Bearer odk_abc")).getCredentials()).isEqualTo("odk_abc");
		assertThat(converter.convert(request("bearer  odk_abc ")).getCredentials()).isEqualTo("odk_abc");
		assertThat(BearerTokenAuthenticationConverter.hasBearerHeader(request("BEARER x"))).isTrue();
		assertThat(BearerTokenAuthenticationConverter.hasBearerHeader(request("Basic x"))).isFalse();
	}

	@Test
	void malformedBearerHeadersAreBadCredentials() {
		for (String header : new String[] { "Bearer", "Bearer ", "Bearer a b", "Bearer <x>",
				"Bearer " + "a".repeat(TokenValues.MAX_LENGTH + 1) }) {
			assertThatExceptionOfType(BadCredentialsException.class).as(header)
				.isThrownBy(() -> converter.convert(request(header)));
		}
	}

	@Test
	void theRequestNeverShowsItsValue() {
		BearerTokenAuthenticationRequest request = converter.convert(request("Bearer odk_secret_value"));

		assertThat(request.toString()).doesNotContain("odk_secret_value");
		assertThat(String.valueOf(request.getPrincipal())).doesNotContain("odk_secret_value");
		request.eraseCredentials();
		assertThat(request.getCredentials()).isNull();
	}

	private static HttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
