package io.opsdeck.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of {@code POST}, {@code PUT} and {@code PATCH} requests under {@code /api/} at {@value #MAX_BYTES}
 * bytes (1 MiB): a larger one gets a {@code 413} problem before anyone reads it into a JSON tree, whether it
 * announces its size ({@code Content-Length}) or not (chunked). Bodies within the limit are read once and kept in
 * memory ({@link CachedBodyRequest}), so later filters (the {@code Idempotency-Key} store hashes the body) and the
 * controller can both read them. Runs before Spring Security: an oversized body is refused without being read,
 * whoever sends it.
 */
class RequestBodyLimit extends OncePerRequestFilter {

	/** 1 MiB: far above any JSON request Opsdeck takes (the largest are extra vars and SSH keys). */
	static final int MAX_BYTES = 1024 * 1024;

	private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

	private final JsonMapper json;

	RequestBodyLimit(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !METHODS.contains(request.getMethod()) || !ApiPaths.isApi(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			tooLarge(request, response);
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + MAX_BYTES + " bytes (1 MiB)");
		problem.setTitle("Request body too large");
		problem.setInstance(URI.create(request.getRequestURI()));
		// the client may still be sending; do not keep the connection for the rest
		response.setHeader("Connection", "close");
		Problems.write(response, this.json, problem);
	}

	private static byte[] readAtMost(InputStream in, int max) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while (out.size() < max && (read = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) != -1) {
			out.write(buffer, 0, read);
		}
		return out.toByteArray();
	}


}
