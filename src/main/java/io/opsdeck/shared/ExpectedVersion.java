package io.opsdeck.shared;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ETag;

/**
 * The version of a resource a change is based on, so that a save does not silently overwrite a change made since
 * the caller read it (lost update). It comes from an API request's {@code If-Match} header (RFC 9110, section
 * 13.1.1; the resource's {@code ETag} is its JPA {@code @Version} as a strong validator, {@code "7"}) or from a
 * dashboard form's hidden {@code version} field. Services check it against the entity they loaded, in the
 * transaction that writes; the entity's {@code @Version} then catches a change committed between that check and
 * the write.
 * <p>
 * No header (or no field) means no precondition: the change applies to whatever is stored, as before.
 */
public final class ExpectedVersion {

	/** Name of the hidden field (and of the model attribute) a versioned edit form carries. */
	public static final String FORM_FIELD = "version";

	private static final ExpectedVersion ANY = new ExpectedVersion(null, false);

	private static final ExpectedVersion EXISTING = new ExpectedVersion(null, true);

	/** The entity tags the client accepts; {@code null} for any. */
	private final @Nullable List<ETag> accepted;

	/** {@code If-Match: *}: any version, but there must be one. */
	private final boolean wildcard;

	private ExpectedVersion(@Nullable List<ETag> accepted, boolean wildcard) {
		this.accepted = accepted;
		this.wildcard = wildcard;
	}

	/** @return no precondition: the change applies to the stored version, whatever it is */
	public static ExpectedVersion any() {
		return ANY;
	}

	/**
	 * @param header the {@code If-Match} header: {@code null} or blank for none, {@code *} for any version of an
	 * existing resource (see {@link #check}), else a list of entity tags ({@code "7"}, {@code "7", "8"}); a weak
	 * tag ({@code W/"7"}) or one that is no version never matches (If-Match compares strongly)
	 * @return the versions a change may be based on
	 */
	public static ExpectedVersion ifMatch(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return ANY;
		}
		List<ETag> tags = ETag.parse(header);
		if (tags.stream().anyMatch(ETag::isWildcard)) {
			return EXISTING;
		}
		return new ExpectedVersion(tags, false);
	}

	/**
	 * @param field a form's hidden {@code version} field: {@code null} or blank (a form opened before versions were
	 * sent, or a deliberate overwrite) for none
	 * @return the version the form was filled from
	 */
	public static ExpectedVersion ofForm(@Nullable String field) {
		return (field == null || field.isBlank()) ? ANY : new ExpectedVersion(List.of(new ETag(field.strip(), false)),
				false);
	}

	/** @return whether the caller named a version (so a concurrent write is a stale version, not a conflict) */
	public boolean given() {
		return this.accepted != null;
	}

	/**
	 * @param current the stored version
	 * @return whether a change based on this expectation may replace {@code current}
	 */
	public boolean matches(long current) {
		if (this.accepted == null) {
			return true;
		}
		ETag stored = new ETag(Long.toString(current), false);
		return this.accepted.stream().anyMatch((tag) -> tag.compare(stored, true));
	}

	/**
	 * @param current the stored version, or {@code null} when there is nothing stored yet (a {@code PUT} that creates
	 * an environment's settings): then a version or {@code *} cannot match (RFC 9110, section 13.1.1)
	 * @param stale what to throw when it does not match (built only then)
	 * @throws StaleVersionException when {@code current} is not a version the caller accepts
	 */
	public void check(@Nullable Long current, Supplier<StaleVersionException> stale) {
		boolean holds = (current != null) ? matches(current) : !given() && !this.wildcard;
		if (!holds) {
			throw stale.get();
		}
	}

	/**
	 * What a write that lost to a concurrent one (the entity's {@code @Version} at flush:
	 * {@code OptimisticLockingFailureException}) is reported as.
	 * @param stale the refusal when a version was expected (its current version unknown)
	 * @param otherwise the refusal when none was ({@code 409}, as before versions were sent)
	 * @return {@code stale} when {@link #given()}, else {@code otherwise}
	 */
	public RuntimeException lostRace(StaleVersionException stale, RuntimeException otherwise) {
		return given() ? stale : otherwise;
	}

	/**
	 * @param version a stored version
	 * @return its {@code ETag} header value, a strong validator: {@code "7"} with the quotes
	 */
	public static String etag(long version) {
		return "\"" + version + "\"";
	}

}
