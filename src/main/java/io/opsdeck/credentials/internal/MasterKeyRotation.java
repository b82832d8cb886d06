package io.opsdeck.credentials.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.opsdeck.credentials.SealedColumn;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-encrypts every stored value under the current master key while Opsdeck serves: credentials and every
 * {@link SealedColumn}, {@value #BATCH_SIZE} rows per short transaction, each row replaced only if it is still the
 * value that was read (a concurrent change wins; the next pass picks the row up again). Passes repeat until no
 * value is left under another key (at most {@value #MAX_PASSES}). One rotation at a time per node; two nodes
 * rotating at once do no harm. Started by {@code POST /api/v1/master-key/rotate} or, with
 * {@code opsdeck.master-key-rotate-on-startup}, when the application is ready (docs/inventory-and-credentials.md).
 */
public class MasterKeyRotation {

	static final int BATCH_SIZE = 100;

	static final int MAX_PASSES = 5;

	private static final int MAX_FAILURES_SHOWN = 20;

	private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

	/** Where a rotation stands on this node. */
	public enum State {
		/** No rotation ran since start-up. */
		IDLE,
		/** Re-encrypting now. */
		RUNNING,
		/** The last rotation left no value under another key. */
		DONE,
		/** The last rotation could not re-encrypt some values ({@link Status#failures()} says which). */
		FAILED
	}

	/**
	 * @param state where it stands
	 * @param startedAt when the last rotation started, or {@code null}
	 * @param finishedAt when it ended, or {@code null}
	 * @param reencrypted values re-encrypted by it so far
	 * @param failures what could not be re-encrypted (place, row id and reason; never a value)
	 */
	public record Status(State state, @Nullable Instant startedAt, @Nullable Instant finishedAt, long reencrypted,
			List<String> failures) {
	}

	private final SecretCipher cipher;

	private final EncryptedValues values;

	private final TransactionTemplate transactions;

	private final boolean rotateOnStartup;

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("master-key-rotation-");

	private final AtomicLong reencrypted = new AtomicLong();

	private volatile Status status = new Status(State.IDLE, null, null, 0, List.of());

	MasterKeyRotation(SecretCipher cipher, EncryptedValues values, PlatformTransactionManager transactionManager,
			boolean rotateOnStartup) {
		this.cipher = cipher;
		this.values = values;
		this.transactions = new TransactionTemplate(transactionManager);
		this.rotateOnStartup = rotateOnStartup;
		this.executor.setDaemon(true);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		if (this.rotateOnStartup) {
			log.info("opsdeck.master-key-rotate-on-startup is set: re-encrypting under master key {}",
					this.cipher.keyId());
			start();
		}
	}

	/** @return the id of the current master key */
	public String currentKeyId() {
		return this.cipher.keyId();
	}

	/** @return the ids of the previous (decrypt-only) keys */
	public List<String> previousKeyIds() {
		return this.cipher.keyring().previousIds();
	}

	/** @return per place ({@code credentials} or {@code table.column}), the number of values per key id */
	public Map<String, Map<String, Long>> countByKeyId() {
		return this.values.countByKeyId();
	}

	public Status status() {
		Status current = this.status;
		return (current.state() == State.RUNNING)
				? new Status(State.RUNNING, current.startedAt(), null, this.reencrypted.get(), current.failures())
				: current;
	}

	/**
	 * Starts a rotation in the background unless one is running on this node.
	 * @return whether this call started it
	 */
	public synchronized boolean start() {
		if (this.status.state() == State.RUNNING) {
			return false;
		}
		this.reencrypted.set(0);
		this.status = new Status(State.RUNNING, Instant.now(), null, 0, List.of());
		this.executor.execute(this::rotate);
		return true;
	}

	/** Runs a rotation on the calling thread (tests, start-up). */
	synchronized Status rotateNow() {
		this.reencrypted.set(0);
		this.status = new Status(State.RUNNING, Instant.now(), null, 0, List.of());
		rotate();
		return this.status;
	}

	private void rotate() {
		String current = this.cipher.keyId();
		List<String> failures = new ArrayList<>();
		try {
			for (int pass = 1; pass <= MAX_PASSES; pass++) {
				failures.clear();
				rotateCredentials(current, failures);
				for (SealedColumn column : this.values.columns()) {
					rotateColumn(column, current, failures);
				}
				if (!failures.isEmpty() || remaining(current) == 0) {
					break;
				}
			}
			long left = remaining(current);
			if (left > 0 && failures.isEmpty()) {
				failures.add(left + " values changed while they were re-encrypted; rotate again");
			}
		}
		catch (RuntimeException ex) {
			log.warn("Master key rotation stopped: {}", ex.toString());
			failures.add("stopped: " + ex.getClass().getSimpleName());
		}
		State end = failures.isEmpty() ? State.DONE : State.FAILED;
		this.status = new Status(end, this.status.startedAt(), Instant.now(), this.reencrypted.get(),
				List.copyOf(failures.subList(0, Math.min(failures.size(), MAX_FAILURES_SHOWN))));
		log.info("Master key rotation to {} {}: {} values re-encrypted{}", current, end, this.reencrypted.get(),
				failures.isEmpty() ? "" : ", " + failures.size() + " failures: " + this.status.failures());
	}

	private long remaining(String current) {
		return this.values.countByKeyId()
			.values()
			.stream()
			.flatMap(counts -> counts.entrySet().stream())
			.filter(entry -> !entry.getKey().equals(current))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	private void rotateCredentials(String current, List<String> failures) {
		UUID after = new UUID(0, 0);
		while (true) {
			List<EncryptedValues.CredentialRow> rows = this.values.credentialsNotUnder(current, after, BATCH_SIZE);
			if (rows.isEmpty()) {
				return;
			}
			this.transactions.executeWithoutResult(tx -> {
				for (EncryptedValues.CredentialRow row : rows) {
					try {
						byte[] secret = reencrypt(row.secret(), SecretCipher.associatedData(row.id()));
						byte[] passphrase = (row.passphrase() != null)
								? reencrypt(row.passphrase(), SecretCipher.associatedData(row.id())) : null;
						if (this.values.replaceCredential(row, secret, passphrase, current)) {
							this.reencrypted.incrementAndGet();
						}
					}
					catch (IllegalStateException ex) {
						failures.add(EncryptedValues.CREDENTIALS + " " + row.id() + ": " + ex.getMessage());
					}
				}
			});
			after = rows.get(rows.size() - 1).id();
		}
	}

	private void rotateColumn(SealedColumn column, String current, List<String> failures) {
		UUID after = new UUID(0, 0);
		while (true) {
			List<EncryptedValues.SealedRow> rows = this.values.sealedNotUnder(column, current, after, BATCH_SIZE);
			if (rows.isEmpty()) {
				return;
			}
			this.transactions.executeWithoutResult(tx -> {
				for (EncryptedValues.SealedRow row : rows) {
					try {
						byte[] value = reencrypt(row.value(), MasterKeySealer.associatedData(row.context()));
						if (this.values.replaceSealed(column, row, value)) {
							this.reencrypted.incrementAndGet();
						}
					}
					catch (IllegalStateException ex) {
						failures.add(column.qualifiedName() + " " + row.id() + ": " + ex.getMessage());
					}
				}
			});
			after = rows.get(rows.size() - 1).id();
		}
	}

	private byte[] reencrypt(byte[] stored, byte[] associatedData) {
		byte[] plaintext = this.cipher.decrypt(stored, associatedData);
		try {
			return this.cipher.encrypt(plaintext, associatedData);
		}
		finally {
			java.util.Arrays.fill(plaintext, (byte) 0);
		}
	}

}
