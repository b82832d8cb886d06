package io.opsdeck.execution.internal.output;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTests {

	@Test
	void masksTheSecretAsAnsiblePrintsItInJson() {
		SecretMasker masker = SecretMasker.of(List.of("pa\"ss\\word-QQ"));
		assertThat(masker.mask("\"msg\": \"message: pa\\\"ss\\\\word-QQ\"")).isEqualTo("\"msg\": \"message: ********\"");
		assertThat(masker.mask("plain pa\"ss\\word-QQ")).isEqualTo("plain ********");
	}

	@Test
	void masksEachLineOfAMultiLineSecret() {
		SecretMasker masker = SecretMasker.of(List.of("line1-SECRETA\nline2-SECRETB"));
		assertThat(masker.mask("line1-SECRETA")).isEqualTo("********");
		assertThat(masker.mask("x line2-SECRETB y")).isEqualTo("x ******** y");
		assertThat(masker.mask("\"line1-SECRETA\\nline2-SECRETB\"")).isEqualTo("\"********\"");
	}

	@Test
	void ignoresValuesTooShortToMaskAndAddsSecretsLater() {
		SecretMasker masker = SecretMasker.of(List.of("e"));
		assertThat(masker.isEmpty()).isTrue();
		assertThat(masker.mask("ansible-playbook")).isEqualTo("ansible-playbook");
		SecretMasker more = masker.with(List.of("passphrase-1"));
		assertThat(more.mask("key passphrase-1")).isEqualTo("key ********");
	}

	@org.junit.jupiter.api.Test
	void masksThePythonReprFormAndCutsBeforeASecretThatSpansTheEnd() {
		SecretMasker masker = SecretMasker.of(java.util.List.of("it's-a-secret"));
		org.assertj.core.api.Assertions.assertThat(masker.mask("{'p': 'it\\'s-a-secret'}")).isEqualTo("{'p': '********'}");
		String text = "abc it's-a-sec";
		org.assertj.core.api.Assertions.assertThat(masker.safeCut(text)).isLessThanOrEqualTo(text.indexOf("it's"));
		org.assertj.core.api.Assertions.assertThat(SecretMasker.none().safeCut(text)).isEqualTo(text.length());
	}

	@Test
	void saysASecretMayOccurInAsciiBytesExactlyWhenMaskingWouldChangeThem() {
		SecretMasker masker = SecretMasker.of(List.of("hunter22", "p\u00e4ss-word", "multi\nline-part"));
		for (String line : List.of("nothing here", "x hunter22 y", "hunter2", "hunter22", "line-part at the end",
				"pass-word", "{\"k\": \"multi\\nline-part\"}", "", "hunte")) {
			byte[] bytes = ("##" + line + "##").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			boolean changes = !masker.mask(line).equals(line);
			assertThat(masker.mayOccurIn(bytes, 2, bytes.length - 4)).as(line).isEqualTo(changes);
		}
	}

}
