/**
 * The home page: environments with a one-click health check and their DR drill freshness, and the latest runs. Read-only over the public APIs
 * of {@code inventory}, {@code execution} and {@code drills}.
 */
package io.opsdeck.dashboard;
