package io.github.leakybucket.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.kv.KeyValueStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key limits through real HTTP, on Netty and the embedded DynamoDB Local: a static override, and a limit changed
 * in the key/value store while the application runs. The bucket drains over an hour, so that a slow machine cannot
 * drain a unit between two calls.
 */
@SpringBootTest(classes = PerKeyLimitsWebTests.NotesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "leakybucket.buckets.notes.capacity=3", "leakybucket.buckets.notes.drain-time=1h",
				"leakybucket.buckets.notes.overrides.vip.capacity=6",
				"leakybucket.limits.key-value-store.enabled=true",
				"leakybucket.limits.key-value-store.refresh-interval=200ms",
				"management.endpoints.web.exposure.include=leakybuckets",
				"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
				"leakybucket.dynamodb.max-retries=0" })
class PerKeyLimitsWebTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private KeyValueStore store;

	private WebTestClient client;

	@BeforeEach
	void createClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void overriddenKeyGetsSixCallsWhereOthersGetThree() {
		assertThat(admittedUntilRejected("vip")).isEqualTo(6);
		assertThat(admittedUntilRejected("alice")).isEqualTo(3);
	}

	@Test
	void limitChangedInTheKeyValueStoreTakesEffectWithoutRestart() throws InterruptedException {
		assertThat(admittedUntilRejected("bob")).isEqualTo(3);
		// An hour of backlog is half of two hours: 3 of 6 units fit once the new limit is read.
		this.store.put("leakybucket/limits/notes/bob", "6/PT2H");
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int status = status("bob");
		while (status == 429 && System.nanoTime() < deadline) {
			Thread.sleep(50);
			status = status("bob");
		}
		assertThat(status).as("admitted after a refresh").isEqualTo(200);
		assertThat(admittedUntilRejected("bob")).isEqualTo(2);
	}

	@Test
	void endpointListsTheOverrides() {
		this.client.get()
			.uri("/actuator/leakybuckets")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.buckets.notes.capacity")
			.isEqualTo(3)
			.jsonPath("$.buckets.notes.overrides.vip.capacity")
			.isEqualTo(6)
			.jsonPath("$.buckets.notes.overrides.vip.drainTime")
			.isEqualTo("PT1H");
	}

	private int admittedUntilRejected(String user) {
		int admitted = 0;
		while (status(user) == 200) {
			admitted++;
			assertThat(admitted).as("calls admitted").isLessThanOrEqualTo(100);
		}
		return admitted;
	}

	private int status(String user) {
		int status = this.client.get()
			.uri("/notes/{user}", user)
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
		assertThat(status).as("status").isIn(200, 429);
		return status;
	}

	// Spring MVC and Security are on this module's test class path (for the rules' tests); this app is reactive
	// and has no security.
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration" })
	@Import(NotesController.class)
	static class NotesApplication {

	}

	@RestController
	static class NotesController {

		@GetMapping("/notes/{user}")
		@RateLimited(bucket = "notes", key = "#user")
		Mono<String> notes(@PathVariable String user) {
			return Mono.just("Notes of " + user);
		}

	}

}
