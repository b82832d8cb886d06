package io.opsdeck.execution.web;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.execution.internal.ExecutionThreads;
import io.opsdeck.execution.internal.Run;
import io.opsdeck.execution.internal.RunEventStream;
import io.opsdeck.execution.internal.RunLogFollower;
import io.opsdeck.execution.internal.RunLogHeads;
import io.opsdeck.execution.internal.RunLogs;
import io.opsdeck.execution.internal.RunService;
import io.opsdeck.execution.internal.output.ReplayCache;
import io.opsdeck.identity.CredentialRechecks;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Min;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A run's output: the raw log as text (also followed live, for {@code curl}) and the live Server-Sent Events
 * stream.
 */
@RestController
@RequestMapping("/api/v1/runs/{id}")
@Validated
@Tag(name = "Runs")
class RunOutputApiController {

	/** How long an event stream may stay open: a little longer than the stream takes to close itself. */
	private static final long STREAM_TIMEOUT_MILLIS = java.time.Duration.ofMinutes(26).toMillis();

	/** A followed log stays open as long as the longest run may last, plus a little. */
	private static final long FOLLOW_TIMEOUT_MILLIS = java.time.Duration.ofHours(25).toMillis();

	private static final MediaType PLAIN_TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

	/**
	 * The response buffer of a log replay (Tomcat's default is 8 KiB). A replay writes each chunk's text (about
	 * 1 MiB) in one call; through an 8 KiB buffer every 8 KiB became its own HTTP chunk, copied once more into the
	 * connection's socket buffer. 256 KiB is more than Tomcat keeps for the next request on the connection (it drops a
	 * response buffer above 16 × 8 KiB when the response is recycled), so only replays hold it, never an event stream,
	 * and less than half a G1 region under -Xmx256m (not a humongous allocation). Issue 8.
	 */
	static final int REPLAY_BUFFER_BYTES = 256 * 1024;

	private final RunService runs;

	private final RunLogs logs;

	private final RunEventStream events;

	private final ExecutionThreads threads;

	private final RunLogFollower follower;

	private final CredentialRechecks rechecks;

	private final RunLogHeads heads;

	RunOutputApiController(RunService runs, RunLogs logs, RunEventStream events, ExecutionThreads threads,
			RunLogFollower follower, CredentialRechecks rechecks, RunLogHeads heads) {
		this.heads = heads;
		this.follower = follower;
		this.rechecks = rechecks;
		this.runs = runs;
		this.logs = logs;
		this.events = events;
		this.threads = threads;
	}

	@GetMapping(value = "/log", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(summary = "The run's output as text",
			description = "Lines as they appeared (a run over several hosts prefixes each line with 'host | '). since=N "
					+ "starts after line N; download=true asks the browser to save it. follow=true (for curl -N): the "
					+ "log so far, then each line as it comes until the run has ended; then GET /api/v1/runs/{id} "
					+ "gives status and exitCode. Closing the connection never affects the run. A followed log also "
					+ "closes within about a second once its token or session is revoked, expired, disabled or signed "
					+ "out. The whole log of an ended run comes with Content-Length from its second download on, once "
					+ "the first one's copy is written (the replay cache, opsdeck.replay.cache-size), otherwise in "
					+ "chunked transfer coding; the bytes are the same.")
	ResponseEntity<StreamingResponseBody> log(@PathVariable UUID id,
			@RequestParam(defaultValue = "0") @Min(0) long since,
			@RequestParam(defaultValue = "false") boolean download,
			@Parameter(description = "keep the response open and write new lines until the run ends")
			@RequestParam(defaultValue = "false") boolean follow, HttpServletRequest servletRequest,
			HttpServletResponse servletResponse) {
		// one statement for the host prefix and the replay cache's key (issue 8: no entity load before the first byte)
		boolean whole = since == 0 && sendfileSupported(servletRequest);
		RunLogHeads.Head head = heads.of(id, whole);
		boolean prefixHosts = head.prefixHosts();
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore());
		if (download) {
			response.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("run-" + id + ".log").build().toString());
		}
		// the whole log of an ended run: from the replay cache's file once a replay has written it (issue 8)
		ReplayCache.Key key = head.cacheKey();
		if (key != null) {
			ReplayCache.CachedLog cached = logs.cachedText(key).orElse(null);
			if (cached != null) {
				// Tomcat writes the file after this handler returns (sendfile(2)): no body is written here
				servletRequest.setAttribute(SENDFILE_FILENAME, cached.file().toString());
				servletRequest.setAttribute(SENDFILE_START, 0L);
				servletRequest.setAttribute(SENDFILE_END, cached.bytes());
				servletResponse.setContentLengthLong(cached.bytes());
				return response.build();
			}
			servletResponse.setBufferSize(REPLAY_BUFFER_BYTES);
			return response.body(out -> logs.writeAndCacheText(key, out));
		}
		servletResponse.setBufferSize(REPLAY_BUFFER_BYTES);
		return response.body(out -> logs.writeText(id, since, prefixHosts, out));
	}

	/** Tomcat's request attributes for writing a response's body from a file after the handler (as its DefaultServlet). */
	private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";

	private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";

	private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";

	private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

	/** @return whether this is a GET and the connector can send the response's body from a file */
	private static boolean sendfileSupported(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT));
	}

	/** {@code ?follow=true}: the same text, then live lines until the run ends; holds no thread while it waits. */
	@GetMapping(value = "/log", params = "follow=true", produces = MediaType.TEXT_PLAIN_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(hidden = true)
	ResponseEntity<ResponseBodyEmitter> follow(@PathVariable UUID id,
			@RequestParam(defaultValue = "0") @Min(0) long since) {
		Run run = runs.get(id);
		boolean prefixHosts = run.getHosts().size() > 1;
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(FOLLOW_TIMEOUT_MILLIS);
		Runnable stop = follower.follow(id, since, prefixHosts,
				text -> emitter.send(text, PLAIN_TEXT), new RunLogFollower.Ending() {
					@Override
					public void completed() {
						emitter.complete();
					}

					@Override
					public void failed(Throwable cause) {
						emitter.completeWithError(cause);
					}
				}, access(id));
		emitter.onTimeout(stop);
		emitter.onError(error -> stop.run());
		return ResponseEntity.ok()
			.contentType(PLAIN_TEXT)
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	@GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "run")
	@Operation(summary = "Follow the run live (Server-Sent Events)",
			description = "event: line (id = sequence number, data = JSON line), event: status, and a final event: end with status and exitCode. Reconnect with Last-Event-ID (or ?after=N) to resume without gap or duplicate. The stream checks its token or session again once a second: when it was revoked, expired, disabled, signed out or lost the VIEWER role, the final event: end has reason \"access-ended\" and a message, status is the run's current one, and the stream closes (the run goes on).")
	SseEmitter events(@PathVariable UUID id,
			@Parameter(description = "last sequence number received") @RequestHeader(value = "Last-Event-ID",
					required = false) String lastEventId,
			@RequestParam(required = false) @Min(0) Long after, HttpServletResponse response) {
		runs.status(id);
		// A browser's automatic reconnect repeats the original URL (?after=) and adds Last-Event-ID: the header is newer.
		long from = (lastEventId != null && !lastEventId.isBlank()) ? parse(lastEventId) : (after != null) ? after : 0;
		response.setHeader("X-Accel-Buffering", "no");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
		CredentialRechecks.Recheck access = access(id);
		threads.io().execute(() -> {
			try {
				events.stream(id, from, new RunEventStream.Sink() {
					@Override
					public void send(String text) throws IOException {
						emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(text, MediaType.TEXT_PLAIN)));
					}

					@Override
					public void send(byte[] utf8) throws IOException {
						// shared bytes, written as they are (no per-viewer encoding)
						emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(utf8, MediaType.TEXT_PLAIN)));
					}
				}, access);
				emitter.complete();
			}
			catch (IOException | RuntimeException ex) {
				emitter.completeWithError(ex);
			}
		});
		return emitter;
	}

	/**
	 * The request's credential, to be checked again while the response stays open: the same rule as the route's
	 * {@code @RequiresEnvironmentRole(VIEWER, "run")}, against the run's environments as of now.
	 */
	private CredentialRechecks.Recheck access(UUID id) {
		return rechecks.ofCurrentRequest(Role.VIEWER, "run", id.toString());
	}

	private static long parse(String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(lastEventId.trim()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
