package io.opsdeck.notifications.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.opsdeck.notifications.NotificationEventType;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Validates a {@link ChannelSpec} at the edge, naming the field at fault ({@code url}, {@code recipients[1]},
 * {@code eventTypes[0]}, ...). Messages never repeat a secret or a URL.
 */
final class ChannelRules {

	/** A practical e-mail address: one {@code @}, no spaces, quotes, commas or angle brackets, a dotted domain. */
	static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

	private static final Pattern NAME = Pattern.compile("^[^\\p{Cntrl}]{1,100}$");

	private ChannelRules() {
	}

	/**
	 * @param spec the input
	 * @param existing the stored channel on update, else {@code null}
	 * @return the normalized values
	 * @throws InvalidInputException naming the first field at fault
	 */
	static Valid check(ChannelSpec spec, @Nullable Channel existing) {
		String name = (spec.name() == null) ? "" : spec.name().strip();
		if (!NAME.matcher(name).matches()) {
			throw new InvalidInputException("name", "must be 1-100 characters without control characters");
		}
		ChannelType type = parse(ChannelType.class, spec.type(), "type", "must be WEBHOOK or EMAIL");
		if (existing != null && existing.type() != type) {
			throw new InvalidInputException("type", "cannot change from " + existing.type() + "; create a new channel");
		}
		Set<NotificationEventType> events = eventTypes(spec.eventTypes());
		List<String> environments = environments(spec.environments());
		boolean enabled = spec.enabled() == null || spec.enabled();
		if (type == ChannelType.EMAIL) {
			for (String field : new String[] { "url", "format", "secret" }) {
				Object value = switch (field) {
					case "url" -> spec.url();
					case "format" -> spec.format();
					default -> spec.secret();
				};
				if (value != null && !value.toString().isEmpty()) {
					throw new InvalidInputException(field, "applies to webhook channels only");
				}
			}
			return new Valid(name, type, null, null, null, false, recipients(spec.recipients()), events, environments,
					enabled);
		}
		if (spec.recipients() != null && !spec.recipients().isEmpty()) {
			throw new InvalidInputException("recipients", "applies to e-mail channels only");
		}
		WebhookFormat format = (spec.format() == null) ? WebhookFormat.GENERIC
				: parse(WebhookFormat.class, spec.format(), "format", "must be SLACK or GENERIC");
		String url = spec.url();
		if (url == null && existing != null) {
			url = existing.url();
		}
		checkUrl(url);
		String secret = spec.secret();
		boolean keepSecret = secret == null && existing != null && existing.hasSecret();
		if (secret != null && !secret.isEmpty() && (secret.length() < 16 || secret.length() > 200
				|| !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
			throw new InvalidInputException("secret", "must be 16-200 printable ASCII characters without spaces");
		}
		return new Valid(name, type, format, url, (secret == null || secret.isEmpty()) ? null : secret, keepSecret,
				List.of(), events, environments, enabled);
	}

	private static void checkUrl(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidInputException("url", "is required for a webhook channel");
		}
		if (url.length() > 2048) {
			throw new InvalidInputException("url", "must be at most 2048 characters");
		}
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				throw new InvalidInputException("url", "must be an http:// or https:// URL");
			}
			if (uri.getHost() == null || uri.getHost().isEmpty()) {
				throw new InvalidInputException("url", "must name a host");
			}
			if (uri.getRawUserInfo() != null) {
				throw new InvalidInputException("url", "must not contain a user name or password");
			}
			if (uri.getRawFragment() != null) {
				throw new InvalidInputException("url", "must not contain a #fragment");
			}
		}
		catch (URISyntaxException ex) {
			throw new InvalidInputException("url", "is not a valid URL");
		}
	}

	private static List<String> recipients(@Nullable List<String> recipients) {
		if (recipients == null || recipients.isEmpty()) {
			throw new InvalidInputException("recipients", "needs at least one e-mail address");
		}
		if (recipients.size() > 20) {
			throw new InvalidInputException("recipients", "must be at most 20 addresses");
		}
		Set<String> result = new LinkedHashSet<>();
		for (int i = 0; i < recipients.size(); i++) {
			String address = (recipients.get(i) == null) ? "" : recipients.get(i).strip();
			if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
				throw new InvalidInputException("recipients[" + i + "]", "must be an e-mail address like ops@example.com");
			}
			result.add(address);
		}
		return List.copyOf(result);
	}

	private static Set<NotificationEventType> eventTypes(@Nullable List<String> names) {
		if (names == null || names.isEmpty()) {
			throw new InvalidInputException("eventTypes", "needs at least one event type");
		}
		Set<NotificationEventType> result = EnumSet.noneOf(NotificationEventType.class);
		for (int i = 0; i < names.size(); i++) {
			NotificationEventType type = parse(NotificationEventType.class, names.get(i), "eventTypes[" + i + "]",
					"must be one of " + subscribable());
			if (!type.subscribable()) {
				throw new InvalidInputException("eventTypes[" + i + "]", "must be one of " + subscribable());
			}
			result.add(type);
		}
		return result;
	}

	private static @Nullable List<String> environments(@Nullable List<String> names) {
		if (names == null || names.isEmpty()) {
			return null;
		}
		if (names.size() > 50) {
			throw new InvalidInputException("environments", "must be at most 50 environments");
		}
		List<String> result = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || !name.matches("^[A-Za-z0-9._-]{1,100}$")) {
				throw new InvalidInputException("environments[" + i + "]", "must be an environment name");
			}
			if (!result.contains(name)) {
				result.add(name);
			}
		}
		return List.copyOf(result);
	}

	static List<NotificationEventType> subscribable() {
		return EnumSet.allOf(NotificationEventType.class).stream().filter(NotificationEventType::subscribable).toList();
	}

	private static <E extends Enum<E>> E parse(Class<E> type, @Nullable String value, String field, String message) {
		if (value != null) {
			for (E constant : type.getEnumConstants()) {
				if (constant.name().equalsIgnoreCase(value.strip())) {
					return constant;
				}
			}
		}
		throw new InvalidInputException(field, message);
	}

	/**
	 * A checked channel.
	 *
	 * @param name name
	 * @param type type
	 * @param format webhook format, or {@code null}
	 * @param url webhook URL, or {@code null}
	 * @param secret a new secret to seal, or {@code null}
	 * @param keepSecret keep the stored secret (update without {@code secret})
	 * @param recipients e-mail recipients
	 * @param eventTypes event types
	 * @param environments environments, {@code null} for all
	 * @param enabled enabled
	 */
	record Valid(String name, ChannelType type, @Nullable WebhookFormat format, @Nullable String url,
			@Nullable String secret, boolean keepSecret, List<String> recipients, Set<NotificationEventType> eventTypes,
			@Nullable List<String> environments, boolean enabled) {
	}

}
