/**
 * Types every module may use: domain exceptions that the web layer maps to RFC 9457 problem details, paging, gauge
 * rows ({@link io.opsdeck.shared.GaugeRows}, Micrometer), the first refresh after readiness
 * ({@link io.opsdeck.shared.RefreshedWhenReady}, Spring's task scheduler) and the classes {@code @Transactional} and
 * {@code @PreAuthorize} act on ({@link io.opsdeck.shared.OpsdeckAdvisedClasses}). Depends on no other Opsdeck module.
 */
package io.opsdeck.shared;
