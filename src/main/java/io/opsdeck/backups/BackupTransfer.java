package io.opsdeck.backups;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/** Placeholder of the contract; replaced by the backups module. */
public record BackupTransfer(String timestamp, String folderKey, URI database, @Nullable URI media, URI manifest) {
}
