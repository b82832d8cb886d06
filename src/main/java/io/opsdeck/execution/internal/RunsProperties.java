package io.opsdeck.execution.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run engine settings ({@code opsdeck.runs.*}).
 *
 * @param maxConcurrent runs executing at once on this node
 * @param defaultTimeout wall-clock limit of a run that names none
 * @param maxTimeout the largest limit a run may ask for
 * @param killGrace time between SIGTERM and SIGKILL when a run is stopped
 * @param heartbeatInterval how often this node marks its runs alive and picks up cancel requests
 * @param staleAfter a running run without heartbeat for this long is marked {@code INTERRUPTED} (so within
 * {@code staleAfter + heartbeatInterval} of its node dying)
 * @param shutdownGrace on shutdown, how long running runs may finish before they are stopped
 * @param pollInterval how often this node looks for queued runs (runs queued on this node start at once)
 * @param defaultParallelism servers at once for an SSH run that names none
 * @param nodeId this node's name in run records; default host name plus a random suffix
 */
@ConfigurationProperties("opsdeck.runs")
public record RunsProperties(@DefaultValue("8") int maxConcurrent, @DefaultValue("1h") Duration defaultTimeout,
		@DefaultValue("24h") Duration maxTimeout, @DefaultValue("10s") Duration killGrace,
		@DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("30s") Duration staleAfter,
		@DefaultValue("20s") Duration shutdownGrace, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("10") int defaultParallelism, @Nullable String nodeId) {

}
