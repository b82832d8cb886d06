/**
 * The backups pages ({@code /environments/{name}/backups}) and REST API
 * ({@code /api/v1/environments/{name}/backup-storage}, {@code /api/v1/environments/{name}/backups}).
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.backups.web;
