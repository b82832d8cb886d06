package io.opsdeck.execution;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A line of a run's output, for modules that read runs (drills parse their step events from it).
 *
 * @param seq position in the output, from 1
 * @param time when Opsdeck read it
 * @param stream {@code stdout}, {@code stderr} or {@code system}
 * @param host the server for SSH runs, else {@code null}
 * @param text the line without its line feed, secrets masked
 */
public record RunLine(long seq, Instant time, String stream, @Nullable String host, String text) {
}
