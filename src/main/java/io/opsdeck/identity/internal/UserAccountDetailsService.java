package io.opsdeck.identity.internal;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Form login's view of the {@code users} table: the password hash, one authority {@code ROLE_<role>}, and the
 * enabled flag (a disabled user cannot sign in).
 */
@Service
public class UserAccountDetailsService implements UserDetailsService {

	private final UserAccountRepository users;

	UserAccountDetailsService(UserAccountRepository users) {
		this.users = users;
	}

	/** @throws UsernameNotFoundException when no such user exists (form login reports it as a bad password) */
	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		return users.findByUsername(username)
			.map(user -> User.withUsername(user.username())
				.password(user.passwordHash())
				.authorities(user.role().authority())
				.disabled(!user.enabled())
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

}
