package io.opsdeck.patching.internal;

import org.jspecify.annotations.Nullable;

/**
 * A package in a report: upgraded ({@code from} → {@code to}) or pending (installed → candidate, with the
 * archive it comes from).
 *
 * @param name package name
 * @param from installed version before, or {@code null} (a new package)
 * @param to version after / candidate, or {@code null}
 * @param origin apt origin, e.g. {@code Debian-Security:12/stable-security}, or {@code null}
 */
public record PackageChange(String name, @Nullable String from, @Nullable String to, @Nullable String origin) {
}
