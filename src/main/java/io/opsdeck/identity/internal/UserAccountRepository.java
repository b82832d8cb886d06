package io.opsdeck.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

	Optional<UserAccount> findByUsername(String username);

	/** Whether a user name equal to this one ignoring case exists (user names are unique ignoring case, V27). */
	boolean existsByUsernameIgnoreCase(String username);

	List<UserAccount> findAllByOrderByUsernameAsc();

	/**
	 * Whether any user exists. Plain SQL on purpose: {@link IdentityBootstrap} asks it on every start, before
	 * Opsdeck is ready, and a JPQL query (e.g. {@code count()}) would be parsed there by a cold ANTLR parser (issue 8,
	 * start-up; docs/benchmarks.md, "7. Start-up, twelfth round").
	 */
	@Query(value = "select exists (select 1 from users)", nativeQuery = true)
	boolean anyExists();

}
