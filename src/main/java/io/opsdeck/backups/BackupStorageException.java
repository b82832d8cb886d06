package io.opsdeck.backups;

/** Placeholder of the contract; replaced by the backups module. */
public class BackupStorageException extends RuntimeException {

	public BackupStorageException(String message, Throwable cause) {
		super(message, cause);
	}

}
