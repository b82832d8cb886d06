/**
 * The backups module's implementation: storage settings (table {@code backup_storage}, secret sealed with the master
 * key), S3 clients and presigners (AWS SDK v2 with the JDK's URL connection client), listing, manifest parsing and
 * verification, "verify newest" with checksums, retention cleanup, and "Back up now".
 */
@org.jspecify.annotations.NullMarked
package io.opsdeck.backups.internal;
