package io.github.leakybucket.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link HelloController} on the embedded DynamoDB Local, with small buckets overridden through properties
 * as on the command line. Generous timeouts and no retries keep a slow first request on a busy machine from being
 * timed out and retried, which would drain twice.
 */
@SpringBootTest(properties = { "leakybucket.buckets.demo.capacity=3", "leakybucket.buckets.demo.drain-time=3s",
		"leakybucket.buckets.per-user.capacity=2", "leakybucket.buckets.per-user.drain-time=60s",
		"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
		"leakybucket.dynamodb.max-retries=0" })
@AutoConfigureMockMvc
class HelloControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void rejectsTheCallAfterTheCapacityWith429UntilTheBucketDrains() throws Exception {
		this.mvc.perform(get("/api/hello"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.message").value("Hello, world"))
			.andExpect(header().string("RateLimit-Policy", "\"demo\";q=3;w=3"))
			.andExpect(header().string("RateLimit", matchesPattern("\"demo\";r=2;t=[01]")));
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", matchesPattern("[1-9]")))
			.andExpect(header().string("RateLimit-Policy", "\"demo\";q=3;w=3"))
			.andExpect(header().string("RateLimit", matchesPattern("\"demo\";r=0;t=[1-3]")))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.title").value("Too Many Requests"))
			.andExpect(jsonPath("$.bucket").value("demo"))
			.andExpect(jsonPath("$.detail").value(matchesPattern("Rate limit of bucket 'demo' exceeded; .*")))
			.andExpect(jsonPath("$.instance").value("/api/hello"));
		assertThat(pollUntilAdmitted("/api/hello", Duration.ofSeconds(10)).getResponse().getStatus()).isEqualTo(200);
	}

	@Test
	void keepsOneBucketPerUser() throws Exception {
		this.mvc.perform(get("/api/users/alice/hello"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.message").value("Hello, alice"))
			.andExpect(header().string("RateLimit-Policy", "\"per-user\";q=2;w=60"));
		this.mvc.perform(get("/api/users/alice/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/users/alice/hello"))
			.andExpect(status().isTooManyRequests())
			.andExpect(jsonPath("$.bucket").value("per-user"))
			.andExpect(header().string("RateLimit", matchesPattern("\"per-user\";r=0;t=\\d+")));
		this.mvc.perform(get("/api/users/bob/hello"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.message").value("Hello, bob"));
	}

	private MvcResult pollUntilAdmitted(String path, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			MvcResult result = this.mvc.perform(get(path)).andReturn();
			if (result.getResponse().getStatus() != 429 || System.nanoTime() > deadline) {
				return result;
			}
			Thread.sleep(100);
		}
	}

}
