package io.opsdeck.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

	Optional<UserAccount> findByUsername(String username);

	/** Whether a user name equal to this one ignoring case exists (user names are unique ignoring case, V27). */
	boolean existsByUsernameIgnoreCase(String username);

	List<UserAccount> findAllByOrderByUsernameAsc();

}
