/**
 * Users and API tokens: their tables, the start-up bootstrap of the first admin and the CI token, the
 * {@code UserDetailsService} behind form login, and the bearer-token authentication provider. Other modules must
 * not use this package; they use {@link io.opsdeck.identity.Actors} instead.
 */
package io.opsdeck.identity.internal;
