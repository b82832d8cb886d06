package io.opsdeck.provisioning.web;

import java.util.List;

import io.opsdeck.provisioning.ProvisionRequest;
import org.jspecify.annotations.Nullable;

/**
 * The "Provision" form of a server's provisioning page: the chosen tags (none: all of them) and check mode. A refused
 * form comes back with the same boxes ticked.
 *
 * @param tags tags of {@code provision.yml} ticked, or {@code null} when none is
 * @param check dry run; {@code null} (box not ticked, so not sent) is {@code false}. A {@code Boolean}, not a
 * {@code boolean}: constructor binding counts a missing primitive as a binding failure
 */
record ProvisionForm(@Nullable List<String> tags, @Nullable Boolean check) {

	static ProvisionForm empty() {
		return new ProvisionForm(List.of(), Boolean.FALSE);
	}

	ProvisionRequest toRequest() {
		return new ProvisionRequest(tags, check);
	}

}
