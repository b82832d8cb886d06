package io.opsdeck.credentials.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.shared.Constraints;
import io.opsdeck.credentials.CredentialLease;
import io.opsdeck.credentials.CredentialSummary;
import io.opsdeck.credentials.CredentialUsage;
import io.opsdeck.credentials.Credentials;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores, lists, deletes and leases credentials. Keys are parsed and encrypted before anything is written; the
 * plaintext exists only in memory while a request or a lease needs it.
 */
@Service
public class CredentialService implements Credentials {

	private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

	private final CredentialRepository repository;

	private final SecretCipher cipher;

	private final SshKeyParser parser;

	private final ObjectProvider<CredentialUsage> usage;

	private final java.nio.file.Path dataDirectory;

	CredentialService(CredentialRepository repository, SecretCipher cipher, SshKeyParser parser,
			ObjectProvider<CredentialUsage> usage, CredentialsProperties properties) {
		this.dataDirectory = properties.dataDirectory();
		this.repository = repository;
		this.cipher = cipher;
		this.parser = parser;
		this.usage = usage;
	}

	/**
	 * @param page zero-based page number
	 * @param size page size
	 * @return credentials ordered by name
	 */
	@Transactional(readOnly = true)
	public PageView<CredentialSummary> list(int page, int size) {
		return PageView.of(this.repository.findAll(PageRequest.of(page, size, Sort.by("name"))),
				CredentialEntity::toSummary);
	}

	/**
	 * @param id credential id
	 * @return its metadata
	 * @throws NotFoundException if there is no such credential
	 */
	@Transactional(readOnly = true)
	public CredentialSummary get(UUID id) {
		return find(id).orElseThrow(() -> new NotFoundException("credential", id));
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<CredentialSummary> find(UUID id) {
		return this.repository.findById(id).map(CredentialEntity::toSummary);
	}

	@Override
	@Transactional(readOnly = true)
	public List<CredentialSummary> all() {
		return this.repository.findAllByOrderByNameAsc().stream().map(CredentialEntity::toSummary).toList();
	}

	/**
	 * Parses, encrypts and stores a key.
	 * @param request name, key text and passphrase
	 * @param createdBy who adds it, e.g. {@code user:admin}
	 * @return the stored credential's metadata
	 * @throws io.opsdeck.shared.InvalidInputException on {@code privateKey} or {@code passphrase} when the key
	 * cannot be read
	 * @throws ConflictException if the name is taken
	 */
	public CredentialSummary create(NewCredential request, String createdBy) {
		ParsedKey key = this.parser.parse(request.privateKey(), request.passphrase());
		if (this.repository.existsByName(request.name())) {
			throw duplicate(request.name());
		}
		UUID id = UUID.randomUUID();
		byte[] text = key.text().getBytes(StandardCharsets.US_ASCII);
		byte[] passphrase = key.encrypted() ? request.passphrase().getBytes(StandardCharsets.UTF_8) : null;
		try {
			CredentialEntity entity = new CredentialEntity(id, request.name(), key, this.cipher.encrypt(text, id),
					(passphrase != null) ? this.cipher.encrypt(passphrase, id) : null, this.cipher.keyId(),
					Instant.now(), createdBy);
			this.repository.saveAndFlush(entity);
			log.info("Credential '{}' ({} {}) added by {}", request.name(), key.keyType(), key.fingerprint(), createdBy);
			return entity.toSummary();
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "credentials_name_key")) {
				throw duplicate(request.name());
			}
			throw ex;
		}
		finally {
			Arrays.fill(text, (byte) 0);
			if (passphrase != null) {
				Arrays.fill(passphrase, (byte) 0);
			}
		}
	}

	/**
	 * Encrypts and stores a secret (a password, an API token) under the master key, the row id as associated data.
	 * @param request name and value
	 * @param createdBy who adds it, e.g. {@code user:admin}
	 * @return the stored credential's metadata (never the value)
	 * @throws io.opsdeck.shared.InvalidInputException on {@code value} when it is not one line of 8 to 4096
	 * characters (shorter values could not be masked in run output without masking ordinary text)
	 * @throws ConflictException if the name is taken
	 */
	public CredentialSummary createSecret(NewSecret request, String createdBy) {
		SecretValues.check(request.value());
		if (this.repository.existsByName(request.name())) {
			throw duplicate(request.name());
		}
		UUID id = UUID.randomUUID();
		byte[] value = request.value().getBytes(StandardCharsets.UTF_8);
		try {
			CredentialEntity entity = new CredentialEntity(id, request.name(), this.cipher.encrypt(value, id),
					this.cipher.keyId(), Instant.now(), createdBy);
			this.repository.saveAndFlush(entity);
			log.info("Credential '{}' (secret) added by {}", request.name(), createdBy);
			return entity.toSummary();
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.UNIQUE, "credentials_name_key")) {
				throw duplicate(request.name());
			}
			throw ex;
		}
		finally {
			Arrays.fill(value, (byte) 0);
		}
	}

	@Override
	@Transactional(readOnly = true)
	public String revealSecret(UUID id) {
		CredentialEntity entity = this.repository.findById(id).orElseThrow(() -> new NotFoundException("credential", id));
		if (!CredentialSummary.SECRET.equals(entity.type())) {
			throw new InvalidInputException("credentialId", "credential '" + entity.name()
					+ "' is an SSH key, not a secret: choose a credential of type 'secret'");
		}
		byte[] value = this.cipher.decrypt(entity.secret(), id);
		try {
			return new String(value, StandardCharsets.UTF_8);
		}
		finally {
			Arrays.fill(value, (byte) 0);
		}
	}

	/**
	 * Deletes a credential that no server uses.
	 * @param id credential id
	 * @throws NotFoundException if there is no such credential
	 * @throws ConflictException if servers still log in with it (enforced by the {@code servers.credential_id}
	 * foreign key)
	 */
	public void delete(UUID id) {
		CredentialSummary credential = get(id);
		long users = serversUsing(id);
		if (users > 0) {
			throw inUse(credential, users);
		}
		try {
			this.repository.deleteNow(id);
		}
		catch (DataIntegrityViolationException ex) {
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "servers_credential_fk")) {
				throw inUse(credential, serversUsing(id));
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "provisioning_settings_db_password_fk")
					|| Constraints.violated(ex, Constraints.FOREIGN_KEY, "provisioning_settings_admin_password_fk")) {
				throw new ConflictException("credential '" + credential.name()
						+ "' is used by an environment's provisioning settings; choose another secret there first");
			}
			if (Constraints.violated(ex, Constraints.FOREIGN_KEY, "cloud_firewall_settings_credential_fk")) {
				throw new ConflictException("credential '" + credential.name()
						+ "' is used by an environment's cloud firewall settings; choose another secret there first");
			}
			throw ex;
		}
		log.info("Credential '{}' deleted", credential.name());
	}

	@Override
	@Transactional(readOnly = true)
	public CredentialLease lease(UUID id) {
		CredentialEntity entity = this.repository.findById(id).orElseThrow(() -> new NotFoundException("credential", id));
		if (!CredentialSummary.SSH_KEY.equals(entity.type())) {
			throw new InvalidInputException("credentialId", "credential '" + entity.name()
					+ "' is a secret, not an SSH key: choose an SSH key to log in with");
		}
		byte[] text = this.cipher.decrypt(entity.secret(), id);
		byte[] passphraseBytes = (entity.passphraseSecret() != null) ? this.cipher.decrypt(entity.passphraseSecret(), id)
				: null;
		try {
			String passphrase = (passphraseBytes != null) ? new String(passphraseBytes, StandardCharsets.UTF_8) : null;
			ParsedKey key = this.parser.parse(new String(text, StandardCharsets.US_ASCII), passphrase);
			return new KeyFileLease(id, key, passphrase, dataDirectory);
		}
		finally {
			Arrays.fill(text, (byte) 0);
			if (passphraseBytes != null) {
				Arrays.fill(passphraseBytes, (byte) 0);
			}
		}
	}

	private long serversUsing(UUID id) {
		return this.usage.orderedStream().mapToLong(u -> u.serversUsing(id)).sum();
	}

	private static ConflictException duplicate(String name) {
		return new ConflictException("a credential named '" + name + "' already exists");
	}

	private static ConflictException inUse(CredentialSummary credential, long servers) {
		String count = (servers > 0) ? servers + ((servers == 1) ? " server" : " servers") : "servers";
		return new ConflictException("credential '" + credential.name() + "' is used by " + count
				+ "; give them another credential first");
	}

}
