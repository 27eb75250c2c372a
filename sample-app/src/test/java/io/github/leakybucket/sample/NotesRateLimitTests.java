package io.github.leakybucket.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notes API carries no annotation: the rule in {@code application.yml} limits it by the {@code X-Api-Key}
 * header, through real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotesRateLimitTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Test
	void eachApiKeyGetsItsOwnBucket() throws Exception {
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> admitted = put("/api/notes/rated-" + i, key);
			assertThat(admitted.statusCode()).isEqualTo(204);
			assertThat(admitted.headers().firstValue("RateLimit-Policy")).hasValue("\"notes\";q=3;w=60");
		}
		HttpResponse<String> rejected = put("/api/notes/rated-3", key);
		assertThat(rejected.statusCode()).isEqualTo(429);
		long retryAfter = Long.parseLong(rejected.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 20L);
		// One unit leaks every 20 s: the effective window ends when the next one fits, as Retry-After says.
		String limit = rejected.headers().firstValue("RateLimit").orElseThrow();
		assertThat(limit).matches("\"notes\";r=0;t=\\d+");
		assertThat(Long.parseLong(limit.substring(limit.indexOf("t=") + 2))).isBetween(1L, retryAfter);
		assertThat(rejected.body()).contains("\"bucket\":\"notes\"");
		assertThat(put("/api/notes/rated-3", UUID.randomUUID().toString()).statusCode()).isEqualTo(204);
	}

	@Test
	void theOverriddenKeyGetsItsOwnCapacity() throws Exception {
		// application.yml gives the key "vip" a capacity of 6 where the notes bucket has 3.
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> admitted = put("/api/notes/vip-" + i, "vip");
			assertThat(admitted.statusCode()).isEqualTo(204);
			assertThat(admitted.headers().firstValue("RateLimit-Policy")).hasValue("\"notes\";q=6;w=60");
		}
		assertThat(put("/api/notes/vip-6", "vip").statusCode()).isEqualTo(429);
	}

	@Test
	void requestsWithoutAnApiKeyAreNotLimitedByTheRule() throws Exception {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = put("/api/notes/anonymous-" + i, null);
			assertThat(response.statusCode()).isEqualTo(204);
			assertThat(response.headers().firstValue("RateLimit")).isEmpty();
		}
	}

	private HttpResponse<String> put(String path, String apiKey) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString("note"));
		if (apiKey != null) {
			request.header("X-Api-Key", apiKey);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
