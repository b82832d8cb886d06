package io.opsdeck.execution.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The runs executing on this node, by id, with their stop switches.
 */
@Component
public class LocalRuns {

	private final Map<UUID, ExecutionControl> running = new ConcurrentHashMap<>();

	void add(ExecutionControl control) {
		running.put(control.runId(), control);
	}

	void remove(UUID runId) {
		running.remove(runId);
	}

	/** @return the stop switch of a run executing here */
	public Optional<ExecutionControl> find(UUID runId) {
		return Optional.ofNullable(running.get(runId));
	}

	Collection<ExecutionControl> all() {
		return running.values();
	}

	/** @return ids of the runs executing here, a snapshot */
	java.util.Set<UUID> ids() {
		return java.util.Set.copyOf(running.keySet());
	}

	int size() {
		return running.size();
	}

}
