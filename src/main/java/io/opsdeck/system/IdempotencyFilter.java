package io.opsdeck.system;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.opsdeck.identity.CallerKeys;
import io.opsdeck.system.IdempotencyStore.Claim;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every {@code POST} under {@code /api/v1} (issue 7, "Idempotency"): the first answer per
 * (caller, key) is kept for 24 hours and a retry of the same request gets it again, with
 * {@code Idempotent-Replayed: true}, instead of a second run. Same key with another method, path or body: 422. A
 * retry while the first request is still being answered: 409. Answers with status 5xx, 408, 409, 425 or 429 are not
 * kept (they say "try again"): the key is freed and a retry runs again. Generic: every launch endpoint, present or
 * future, gets this without code of its own. Runs after Spring Security, so it knows the caller and anonymous calls
 * get their 401 first.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	static final int MAX_KEY_LENGTH = 255;

	private static final Set<Integer> NOT_STORED = Set.of(408, 409, 425, 429);

	private static final URI MISMATCH = URI.create("https://opsdeck.io/problems/idempotency-key-reused");

	private static final URI IN_FLIGHT = URI.create("https://opsdeck.io/problems/idempotency-key-in-flight");

	private final IdempotencyStore store;

	private final IdempotencyProperties properties;

	private final JsonMapper json;

	IdempotencyFilter(IdempotencyStore store, IdempotencyProperties properties, JsonMapper json) {
		this.store = store;
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !path(request).startsWith("/api/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> keys = Collections.list(request.getHeaders(HEADER));
		if (keys.size() != 1 || !validKey(keys.get(0))) {
			badKey(request, response, "must be sent once, with 1 to " + MAX_KEY_LENGTH
					+ " printable ASCII characters");
			return;
		}
		if (properties.excludedPaths().contains(path(request))) {
			badKey(request, response, "is not accepted here: the answer holds a secret that is shown once and "
					+ "never stored, so it could not be replayed");
			return;
		}
		String caller = CallerKeys.current().orElse(null);
		if (caller == null) {
			chain.doFilter(request, response);
			return;
		}
		String key = keys.get(0);
		byte[] body = StreamUtils.copyToByteArray(request.getInputStream());
		String target = (request.getQueryString() != null) ? path(request) + "?" + request.getQueryString()
				: path(request);
		if (target.length() > 2048) {
			chain.doFilter(request, response);
			return;
		}
		Claim claim = store.claim(caller, key, request.getMethod(), target, sha256(body));
		if (claim instanceof Claim.Replay replay) {
			replay(replay, response);
		}
		else if (claim instanceof Claim.Mismatch) {
			problem(request, response, HttpStatus.UNPROCESSABLE_CONTENT, MISMATCH, "Idempotency-Key reused",
					"This Idempotency-Key was already used for a different request (method, path or body); "
							+ "use a new key for a new request");
		}
		else if (claim instanceof Claim.InFlight) {
			problem(request, response, HttpStatus.CONFLICT, IN_FLIGHT, "Request in progress",
					"The first request with this Idempotency-Key is still being answered; retry later with the "
							+ "same key");
		}
		else {
			first(new CachedBodyRequest(request, body), response, chain, caller, key);
		}
	}

	private void first(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String caller,
			String key) throws ServletException, IOException {
		ContentCachingResponseWrapper capture = new ContentCachingResponseWrapper(response);
		boolean stored = false;
		try {
			chain.doFilter(request, capture);
			int status = capture.getStatus();
			if (status < 500 && !NOT_STORED.contains(status) && !request.isAsyncStarted()) {
				byte[] answer = capture.getContentAsByteArray();
				boolean keep = answer.length <= properties.maxStoredBody().toBytes();
				store.complete(caller, key, status, capture.getHeader(HttpHeaders.LOCATION),
						keep ? capture.getContentType() : null, keep ? answer : null);
				stored = true;
			}
		}
		finally {
			if (!stored) {
				store.release(caller, key);
			}
			capture.copyBodyToResponse();
		}
	}

	private static void replay(Claim.Replay replay, HttpServletResponse response) throws IOException {
		response.setStatus(replay.status());
		response.setHeader(REPLAYED, "true");
		if (replay.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, replay.location());
		}
		if (replay.contentType() != null) {
			response.setContentType(replay.contentType());
		}
		if (replay.body() != null && replay.body().length > 0) {
			response.setContentLength(replay.body().length);
			response.getOutputStream().write(replay.body());
		}
	}

	private void badKey(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
		ProblemDetail problem = ApiProblemAdvice.validationProblem("Request headers are invalid",
				List.of(ApiProblemAdvice.fieldError(HEADER, message)));
		problem.setInstance(URI.create(request.getRequestURI()));
		Problems.write(response, json, problem);
	}

	private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
			String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		Problems.write(response, json, problem);
	}

	/** @return whether the key is 1-255 printable ASCII characters (space to tilde), not all spaces */
	static boolean validKey(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.isBlank()) {
			return false;
		}
		return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
	}

	private static String path(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		return (context != null && uri.startsWith(context)) ? uri.substring(context.length()) : uri;
	}

	private static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
