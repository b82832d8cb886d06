package io.opsdeck.logs.web;

import io.opsdeck.execution.RemoteReadException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** A server that cannot be read is the server's problem, not the client's: 502 with what happened. */
final class LogProblems {

	private LogProblems() {
	}

	static ResponseEntity<ProblemDetail> badGateway(RemoteReadException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
		problem.setTitle("Server not readable");
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
