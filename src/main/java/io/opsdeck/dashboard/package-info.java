/**
 * The home page: environments with a one-click health check, and the latest runs. Read-only over the public APIs
 * of {@code inventory} and {@code execution}.
 */
package io.opsdeck.dashboard;
