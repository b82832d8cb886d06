package io.opsdeck.audit.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A token pasted into a URL is cut to its first 8 characters before the audit log stores the path. */
class RouteLookupTests {

	@Test
	void tokensInPathsAreCutToTheirPrefix() {
		assertThat(RouteLookup.masked("/api/v1/tokens/odk_AbCdEfGhIjKlMnOp/x")).isEqualTo("/api/v1/tokens/odk_AbCd…/x");
		assertThat(RouteLookup.masked("a=odk_12345678901, b=odk_98765432101"))
			.isEqualTo("a=odk_1234…, b=odk_9876…");
		assertThat(RouteLookup.masked("id=odk_12")).isEqualTo("id=odk_12");
		assertThat(RouteLookup.masked("/api/v1/runs/5f0c9a1e")).isEqualTo("/api/v1/runs/5f0c9a1e");
	}

}
