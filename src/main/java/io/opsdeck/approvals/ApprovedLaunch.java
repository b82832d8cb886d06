package io.opsdeck.approvals;

import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.Actor;

/**
 * An approved request, handed to its {@link ApprovalHandler}.
 *
 * @param approvalId the request's id
 * @param kind what to launch
 * @param environment its environment
 * @param payload what {@link Approvals#gate} stored, as JSON values (numbers may come back as another
 * {@link Number} type: use {@link #integer})
 * @param requester who asked, with the role in the environment they had then: the run is launched as this actor
 * @param approver the second admin who approved
 */
public record ApprovedLaunch(UUID approvalId, String kind, String environment, Map<String, Object> payload,
		Actor requester, Actor approver) {

	/** Run labels hold at most 200 characters. */
	static final int LABEL_LIMIT = 200;

	public ApprovedLaunch {
		// not Map.copyOf: a JSON null is a legal value (e.g. "the newest backup")
		payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
	}

	/**
	 * @param base the run's usual label, e.g. {@code Security update (security)}
	 * @return the label with the approver, e.g. {@code Security update (security), approved by user:bob}, cut to
	 * the 200 characters a run label holds
	 */
	public String label(String base) {
		String suffix = ", approved by " + approver.display();
		String label = base + suffix;
		return (label.length() <= LABEL_LIMIT) ? label
				: base.substring(0, Math.max(0, LABEL_LIMIT - suffix.length() - 1)) + "…" + suffix;
	}

	/**
	 * @param key payload key
	 * @return its value as an int
	 * @throws IllegalArgumentException when it is missing or not a number
	 */
	public int integer(String key) {
		if (payload.get(key) instanceof Number number) {
			return number.intValue();
		}
		throw new IllegalArgumentException("approval payload lacks the number '" + key + "'");
	}

	/**
	 * @param key payload key
	 * @return its value as a boolean ({@code false} when missing)
	 */
	public boolean flag(String key) {
		return Boolean.TRUE.equals(payload.get(key));
	}

	/**
	 * @param key payload key
	 * @return its value as a string, or {@code null} when missing or null
	 */
	public @org.jspecify.annotations.Nullable String text(String key) {
		Object value = payload.get(key);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * @param key payload key
	 * @return its value as a list of strings (empty when missing)
	 */
	public java.util.List<String> texts(String key) {
		if (payload.get(key) instanceof java.util.List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return java.util.List.of();
	}

}
