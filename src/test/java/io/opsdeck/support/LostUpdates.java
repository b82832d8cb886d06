package io.opsdeck.support;

import java.util.Map;

import io.opsdeck.support.ApiClient.Response;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract that keeps two edits of one resource from silently overwriting each other (RFC 9110 conditional
 * requests), asserted the same way for every editable resource: its {@code GET} answers {@code ETag: "<version>"}
 * and {@code version} in the body; a {@code PUT} with a stale {@code If-Match} is a {@code 412} problem naming the
 * current version and writes nothing; a current one, {@code *} or none at all (CI clients of before) is applied and
 * answers the new {@code ETag}.
 */
public final class LostUpdates {

	private LostUpdates() {
	}

	/**
	 * Two clients read {@code path} at the same version; the first saves {@code first}, then the second saves
	 * {@code second} based on the same read.
	 * @param api a client allowed to change the resource
	 * @param path the resource, e.g. {@code /api/v1/schedules/<id>}
	 * @param first the first client's whole body
	 * @param second the second client's whole body; differs from {@code first} in {@code field}
	 * @param field a top-level field of the resource that {@code first} and {@code second} set differently
	 */
	public static void assertTheSecondEditFromTheSameReadIsRefused(ApiClient api, String path,
			Map<String, Object> first, Map<String, Object> second, String field) {
		Response read = api.get(path);
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		long version = read.json().path("version").asLong(-1);
		assertThat(version).as("the body carries its version").isGreaterThanOrEqualTo(0);
		String etag = read.header("ETag");
		assertThat(etag).as("a strong validator from the version").isEqualTo(quoted(version));
		Response notModified = api.send(api.request(path).header("If-None-Match", etag).GET());
		assertThat(notModified.status()).as("a conditional GET of the same version").isEqualTo(304);

		Response saved = api.put(path, first, etag);
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		long afterFirst = saved.json().path("version").asLong();
		assertThat(afterFirst).isGreaterThan(version);
		assertThat(saved.header("ETag")).isEqualTo(quoted(afterFirst));

		Response stale = api.put(path, second, etag);
		assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
		assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = stale.json();
		assertThat(problem.path("type").asString()).isEqualTo("https://opsdeck.io/problems/stale-version");
		assertThat(problem.path("status").asInt()).isEqualTo(412);
		assertThat(problem.path("currentVersion").asLong()).isEqualTo(afterFirst);
		assertThat(problem.path("detail").asString()).contains("changed since you read it")
			.contains("now version " + afterFirst);
		assertThat(stale.header("ETag")).isEqualTo(quoted(afterFirst));
		JsonNode stored = api.get(path).json();
		assertThat(stored.path("version").asLong()).as("nothing written").isEqualTo(afterFirst);
		assertThat(stored.path(field)).as("the first edit stays").isEqualTo(saved.json().path(field));

		assertThat(api.put(path, second, "W/" + quoted(afterFirst)).status())
			.as("If-Match compares strongly: a weak tag never matches").isEqualTo(412);
		assertThat(api.put(path, second, "\"not-a-version\"").status()).isEqualTo(412);

		Response reread = api.put(path, second, quoted(afterFirst) + ", " + quoted(version));
		assertThat(reread.status()).as("based on the current version: " + reread).isEqualTo(200);
		assertThat(reread.json().path(field)).isNotEqualTo(saved.json().path(field));

		Response blind = api.put(path, first, null);
		assertThat(blind.status()).as("without If-Match, as CI clients send it: " + blind).isEqualTo(200);
		assertThat(blind.header("ETag")).isEqualTo(quoted(blind.json().path("version").asLong()));
		assertThat(api.put(path, second, "*").status()).as("If-Match: * is any version").isEqualTo(200);
	}

	private static String quoted(long version) {
		return "\"" + version + "\"";
	}

}
