package io.opsdeck.inventory.internal;

import org.hibernate.exception.ConstraintViolationException;

import org.springframework.dao.DataIntegrityViolationException;

/** Reads which database constraint a write violated. */
final class Constraints {

	private Constraints() {
	}

	/** @return whether the named constraint (e.g. {@code servers_name_key}) caused the exception */
	static boolean violated(DataIntegrityViolationException ex, String constraint) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConstraintViolationException violation && violation.getConstraintName() != null
					&& violation.getConstraintName().contains(constraint)) {
				return true;
			}
			if (cause.getMessage() != null && cause.getMessage().contains("\"" + constraint + "\"")) {
				return true;
			}
		}
		return false;
	}

}
