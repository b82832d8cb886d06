/**
 * Who may do what. The root package is the module's public API: {@link io.opsdeck.identity.Role},
 * {@link io.opsdeck.identity.Actor} and {@link io.opsdeck.identity.Actors#current()}, which other modules use to
 * record who started a run. Users, API tokens, the security filter chains and the login page live in
 * {@code internal} and {@code web}.
 */
package io.opsdeck.identity;
