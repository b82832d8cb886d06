package io.opsdeck.backups.internal;

import org.jspecify.annotations.Nullable;

/**
 * One object as {@code ListObjectsV2} reported it.
 *
 * @param key full key
 * @param size size in bytes
 * @param eTag the entity tag, or {@code null}; it changes whenever the object is replaced
 */
record ListedObject(String key, long size, @Nullable String eTag) {
}
