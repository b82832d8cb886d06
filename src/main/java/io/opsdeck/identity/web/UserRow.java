package io.opsdeck.identity.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.UserSummary;
import org.jspecify.annotations.Nullable;

/** A user as a row of the users page, times formatted in UTC to the minute. */
record UserRow(String username, Role role, boolean enabled, String createdAt, List<UserView.GrantView> grants,
		@Nullable String lockedUntil) {

	static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	static UserRow of(UserSummary user) {
		return new UserRow(user.username(), user.role(), user.enabled(), MINUTES.format(user.createdAt()),
				user.grants().stream().map(UserView.GrantView::of).toList(),
				(user.lockedUntil() != null) ? MINUTES.format(user.lockedUntil()) : null);
	}

}
