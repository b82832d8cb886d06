package io.opsdeck.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What is known about the current HTTP request for its audit entry, kept as a request attribute from the first
 * filter to the last: the actor (captured while Spring Security's context is set), the environment (resolved before
 * the handler runs, while the resource still exists), and what an authentication listener decided (a sign-in, a
 * rejected token). One request is one entry; the web layer writes it once the response status is known.
 * <p>
 * Used by the request's own thread only, except that an asynchronous request completes on another; the fields are
 * therefore volatile.
 */
public final class AuditContext {

	/** Request attribute name. */
	public static final String ATTRIBUTE = AuditContext.class.getName();

	private volatile @Nullable Actor actor;

	private volatile @Nullable String environment;

	private volatile @Nullable Decision decision;

	private final List<String> notes = new ArrayList<>();

	/**
	 * What an authentication listener decided about the request, replacing what the filter would derive from the
	 * route and status.
	 *
	 * @param action e.g. {@code LOGIN}; {@code null} keeps the route
	 * @param actor {@code kind:name} or {@code anonymous}
	 * @param actorRole base role or {@code null}
	 * @param target e.g. {@code user:alice}, or {@code null}
	 * @param outcome the outcome whatever the status
	 */
	public record Decision(@Nullable String action, String actor, @Nullable String actorRole, @Nullable String target,
			AuditOutcome outcome) {
	}

	/** @return the context of the current thread's request, when the audit filter is around it */
	public static Optional<AuditContext> current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes == null) {
			return Optional.empty();
		}
		return Optional.ofNullable((AuditContext) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
	}

	public @Nullable Actor actor() {
		return actor;
	}

	/** Records the authenticated actor; the first one captured wins. */
	public void actor(Actor actor) {
		if (this.actor == null) {
			this.actor = actor;
		}
	}

	public @Nullable String environment() {
		return environment;
	}

	/** Sets the environment the request acts on, unless one is known already. */
	public void environment(@Nullable String environment) {
		if (this.environment == null && environment != null) {
			this.environment = environment;
		}
	}

	public @Nullable Decision decision() {
		return decision;
	}

	/** An authentication listener's verdict: the request is recorded whatever its method. */
	public void decide(Decision decision) {
		this.decision = decision;
	}

	/** Adds a short note to the entry's detail (e.g. {@code run 1a2b… queued}); at most 10 are kept. */
	public void note(String note) {
		synchronized (notes) {
			if (notes.size() < 10) {
				notes.add(note);
			}
		}
	}

	/** @return the notes joined by {@code ; }, or {@code null} without any */
	public @Nullable String notes() {
		synchronized (notes) {
			return notes.isEmpty() ? null : String.join("; ", notes);
		}
	}

}
