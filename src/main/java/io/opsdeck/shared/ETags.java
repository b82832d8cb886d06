package io.opsdeck.shared;

import org.springframework.http.ResponseEntity;

/**
 * The API side of {@link ExpectedVersion}: an editable resource's {@code GET} and {@code PUT} answer with its
 * version as {@code ETag}, and its {@code PUT} documents {@code If-Match} and {@code 412} the same way everywhere
 * (docs/security.md, "Edits based on an old version").
 */
public final class ETags {

	/** OpenAPI description of a {@code GET} whose answer carries an {@code ETag}. */
	public static final String GET_DOC = "The answer's ETag (a strong validator, e.g. \"7\") is the resource's "
			+ "version, also in the body as version; send it back in If-Match when changing it.";

	/** OpenAPI description of a {@code PUT} that honours {@code If-Match}. */
	public static final String PUT_DOC = "With If-Match (the ETag of a GET): 412 Precondition Failed, a problem "
			+ "naming currentVersion, when the resource changed since it was read; nothing is written. Without "
			+ "If-Match the change applies to the stored version. The answer carries the new ETag.";

	/** OpenAPI description of the {@code If-Match} header. */
	public static final String IF_MATCH_DOC = "the ETag of the version this change is based on, e.g. \"7\" "
			+ "(quotes included); * or none: any";

	/** OpenAPI description of the {@code 412} answer. */
	public static final String PRECONDITION_FAILED_DOC = "changed since it was read: problem of type "
			+ "https://opsdeck.io/problems/stale-version with currentVersion, and the current ETag";

	private ETags() {
	}

	/**
	 * @param body the resource as stored
	 * @param version its {@code @Version}
	 * @param <T> the body type
	 * @return {@code 200 OK} with {@code ETag: "<version>"}
	 */
	public static <T> ResponseEntity<T> ok(T body, long version) {
		return ResponseEntity.ok().eTag(ExpectedVersion.etag(version)).body(body);
	}

}
