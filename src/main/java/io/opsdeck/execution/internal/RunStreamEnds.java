package io.opsdeck.execution.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

import io.opsdeck.execution.RunStatus;

import org.springframework.stereotype.Component;

/**
 * The final {@code event: end} of a run's event stream ({@link RunEventStream}): {@code data} is
 * {@code {"status", "exitCode", "message"}}, plus {@code "reason": "access-ended"} when the stream ends because its
 * credential may no longer see the run.
 */
@Component
class RunStreamEnds {

	private final RunRepository runs;

	private final RunTransitions transitions;

	RunStreamEnds(RunRepository runs, RunTransitions transitions) {
		this.runs = runs;
		this.transitions = transitions;
	}

	/**
	 * Sends the end of a run that has ended, with its stored status, exit code and message.
	 * @param out the stream (flushed)
	 * @param runId run id
	 * @throws NoSuchElementException when the run does not exist (any more)
	 * @throws IOException when the client went away
	 */
	void runEnded(SseText out, UUID runId) throws IOException {
		Run run = runs.findById(runId).orElseThrow();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("status", run.getStatus().name());
		data.put("exitCode", run.getExitCode());
		data.put("message", run.getMessage());
		out.event(null, "end", data);
		out.flush();
	}

	/**
	 * Sends the end of a stream whose credential may no longer see the run: the run goes on, this stream ends. The
	 * status is the run's as it is now ({@code INTERRUPTED} when it is unknown), the exit code {@code null}.
	 * @param out the stream (flushed)
	 * @param runId run id
	 * @param message why, a sentence for the client naming no secret
	 * @throws IOException when the client went away
	 */
	void accessEnded(SseText out, UUID runId, String message) throws IOException {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("status", transitions.status(runId).orElse(RunStatus.INTERRUPTED).name());
		data.put("exitCode", null);
		data.put("message", message);
		data.put("reason", RunEventStream.ACCESS_ENDED);
		out.event(null, "end", data);
		out.flush();
	}

}
