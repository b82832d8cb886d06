package io.opsdeck.credentials.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTests {

	private final SecretCipher cipher = new SecretCipher(MasterKey.of(new byte[32]));

	private final UUID row = UUID.randomUUID();

	@Test
	void roundTripsInTheDocumentedFormat() {
		byte[] plaintext = "-----BEGIN OPENSSH PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII);

		byte[] stored = this.cipher.encrypt(plaintext, this.row);

		assertThat(stored[0]).isEqualTo(SecretCipher.VERSION);
		assertThat(stored).hasSize(1 + 4 + 12 + plaintext.length + 16);
		assertThat(SecretCipher.keyIdOf(stored)).isEqualTo(this.cipher.keyId());
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("BEGIN");
		assertThat(this.cipher.decrypt(stored, this.row)).isEqualTo(plaintext);
	}

	@Test
	void usesAFreshNonceForEveryValue() {
		byte[] first = this.cipher.encrypt(new byte[] { 1, 2, 3 }, this.row);
		byte[] second = this.cipher.encrypt(new byte[] { 1, 2, 3 }, this.row);

		assertThat(java.util.Arrays.copyOfRange(first, 5, 17)).isNotEqualTo(java.util.Arrays.copyOfRange(second, 5, 17));
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void refusesAnotherRowAnotherKeyOrAlteredBytes() {
		byte[] stored = this.cipher.encrypt(new byte[] { 42 }, this.row);
		byte[] otherKeyMaterial = new byte[32];
		otherKeyMaterial[0] = 1;
		SecretCipher otherKey = new SecretCipher(MasterKey.of(otherKeyMaterial));
		byte[] altered = stored.clone();
		altered[altered.length - 1] ^= 1;

		assertThatThrownBy(() -> this.cipher.decrypt(stored, UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> otherKey.decrypt(stored, this.row)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(otherKey.keyId());
		assertThatThrownBy(() -> this.cipher.decrypt(altered, this.row)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void sealedValuesOpenOnlyWithTheirContext() {
		MasterKeySealer sealer = new MasterKeySealer(this.cipher);

		byte[] sealed = sealer.seal("token".getBytes(StandardCharsets.UTF_8), "run:1");

		assertThat(sealer.open(sealed, "run:1")).asString(StandardCharsets.UTF_8).isEqualTo("token");
		assertThatThrownBy(() -> sealer.open(sealed, "run:2")).isInstanceOf(IllegalStateException.class);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("token");
	}

	@Test
	void keyIdIsTheStartOfTheKeysSha256() {
		// SHA-256 of 32 zero bytes: 66687aad f862bd77 6c8fc18b 8e9f8e20 ...
		assertThat(this.cipher.keyId()).isEqualTo("66687aad");
	}

	@Test
	void opensValuesUnderAPreviousKeyAndEncryptsUnderTheCurrentOne() {
		byte[] oldMaterial = new byte[32];
		oldMaterial[0] = 7;
		MasterKey old = MasterKey.of(oldMaterial);
		SecretCipher before = new SecretCipher(old);
		byte[] underOld = before.encrypt(new byte[] { 42 }, this.row);
		SecretCipher rotated = new SecretCipher(MasterKeyring.of(MasterKey.of(new byte[32]), java.util.List.of(old)));

		assertThat(rotated.decrypt(underOld, this.row)).containsExactly(42);
		assertThat(SecretCipher.keyIdOf(rotated.encrypt(new byte[] { 1 }, this.row))).isEqualTo(rotated.keyId())
			.isNotEqualTo(old.id());
		assertThatThrownBy(() -> this.cipher.decrypt(underOld, this.row)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(old.id());
	}

	@Test
	void opensVersionOneValuesWithAnyKeyOfTheRing() throws Exception {
		byte[] oldMaterial = new byte[32];
		oldMaterial[0] = 7;
		MasterKey old = MasterKey.of(oldMaterial);
		javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
		byte[] nonce = new byte[12];
		gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, old.secretKey(), new javax.crypto.spec.GCMParameterSpec(128, nonce));
		gcm.updateAAD(SecretCipher.associatedData(this.row));
		byte[] sealed = gcm.doFinal(new byte[] { 9, 9 });
		byte[] versionOne = java.nio.ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed)
			.array();
		SecretCipher rotated = new SecretCipher(MasterKeyring.of(MasterKey.of(new byte[32]), java.util.List.of(old)));

		assertThat(SecretCipher.keyIdOf(versionOne)).isNull();
		assertThat(rotated.decrypt(versionOne, this.row)).containsExactly(9, 9);
		assertThatThrownBy(() -> this.cipher.decrypt(versionOne, this.row)).isInstanceOf(IllegalStateException.class);
	}

}
