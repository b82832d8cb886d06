/**
 * Users and API tokens: their tables, the start-up bootstrap of the first admin and the CI token, the
 * {@code UserDetailsService} behind form login, the bearer-token authentication provider, and the throttles that
 * lock a user name or a client address after repeated failures ({@link io.opsdeck.identity.internal.LoginThrottle},
 * {@link io.opsdeck.identity.internal.TokenThrottle}, {@link io.opsdeck.identity.internal.AddressLockService}).
 * Other modules must not use this package; they use {@link io.opsdeck.identity.Actors} instead.
 */
package io.opsdeck.identity.internal;
