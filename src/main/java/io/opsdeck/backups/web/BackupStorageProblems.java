package io.opsdeck.backups.web;

import java.net.URI;
import java.util.Locale;

import io.opsdeck.backups.BackupStorageException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps {@link BackupStorageException} from any API controller (the backups API, and the drills API that lists
 * backups to start a drill) to a {@code 502 Bad Gateway} problem detail (the storage is the upstream that failed) with {@code reason}: {@code credentials}, {@code access-denied},
 * {@code no-such-bucket}, {@code unreachable} or {@code other}. The message never holds a secret.
 */
@RestControllerAdvice(annotations = RestController.class)
class BackupStorageProblems {

	static final URI TYPE = URI.create("https://opsdeck.io/problems/backup-storage");

	@ExceptionHandler
	ProblemDetail storageFailed(BackupStorageException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setType(TYPE);
		problem.setTitle("Backup storage failed");
		problem.setProperty("reason", ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		return problem;
	}

}
