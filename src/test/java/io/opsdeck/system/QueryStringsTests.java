package io.opsdeck.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTests {

	@Test
	void namesTheParameterThatIsNotUtf8() {
		assertThat(QueryStrings.undecodable("page=1&size=%ff%fe")).isEqualTo("size");
		assertThat(QueryStrings.undecodable("q=caf%C3%A9&environment=%C3%28")).isEqualTo("environment");
		assertThat(QueryStrings.undecodable("bad%zz=1")).isEqualTo("bad%zz");
		assertThat(QueryStrings.undecodable("%ff=1")).isEqualTo("\uFFFD");
		assertThat(QueryStrings.undecodable("page=1")).isEqualTo("query");
		assertThat(QueryStrings.undecodable(null)).isEqualTo("query");
	}

}
