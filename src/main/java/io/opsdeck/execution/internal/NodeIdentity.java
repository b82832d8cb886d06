package io.opsdeck.execution.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * This node's name in run records ({@code runs.node_id}): {@code opsdeck.runs.node-id}, or the host name plus a
 * random suffix so two processes on one host never share it.
 */
@Component
public class NodeIdentity {

	private final String id;

	NodeIdentity(RunsProperties properties) {
		this.id = (properties.nodeId() != null && !properties.nodeId().isBlank()) ? properties.nodeId()
				: hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public String id() {
		return id;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "opsdeck";
		}
	}

}
