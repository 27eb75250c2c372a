package io.github.leakybucket.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.leakybucket.lease.Leases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobsController} through real HTTP on the embedded DynamoDB Local. Concurrent runs are separate
 * requests; every wait is bounded.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "leakybucket.dynamodb.api-call-timeout=30s",
				"leakybucket.dynamodb.api-call-attempt-timeout=30s" })
class JobsControllerTests {

	private static final Duration BOUND = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(BOUND).build();

	private final JsonMapper json = new JsonMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private Leases leases;

	private String job;

	@BeforeEach
	void warmUpAndPickAJob() throws Exception {
		// A cold server's first requests are slow enough to upset the timing of a takeover.
		this.job = "warm-up";
		for (int i = 0; i < 3; i++) {
			run("");
			counter();
		}
		this.job = "report-" + System.nanoTime();
	}

	@Test
	void eachRunIncrementsTheCounterWithTheNextToken() throws Exception {
		HttpResponse<String> first = run("");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(body(first).get("token").asLong()).isEqualTo(1);
		assertThat(body(first).get("counter").asLong()).isEqualTo(1);
		HttpResponse<String> second = run("?holdMs=10&leaseMs=5000");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(body(second).get("token").asLong()).isEqualTo(2);
		assertThat(body(second).get("counter").asLong()).isEqualTo(2);
		assertThat(counter()).isEqualTo(2);
	}

	@Test
	void counterOfAJobNeverRunIsZero() throws Exception {
		assertThat(counter()).isZero();
	}

	@Test
	void runWhileAnotherHoldsTheLeaseIsConflict() throws Exception {
		CompletableFuture<HttpResponse<String>> holder = runAsync("?holdMs=2000");
		awaitLeaseTaken();
		HttpResponse<String> refused = run("");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(body(refused).get("detail").asString()).contains(this.job);
		HttpResponse<String> held = holder.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		assertThat(held.statusCode()).isEqualTo(200);
		assertThat(counter()).isEqualTo(1);
	}

	@Test
	void runWhoseLeaseWasTakenOverIsGoneAndWritesNothing() throws Exception {
		CompletableFuture<HttpResponse<String>> stale = runAsync("?holdMs=6000&leaseMs=1000");
		awaitLeaseTaken();
		HttpResponse<String> taker = runUntilNotConflict("?leaseMs=10000");
		assertThat(taker.statusCode()).isEqualTo(200);
		assertThat(body(taker).get("token").asLong()).isEqualTo(2);
		assertThat(body(taker).get("counter").asLong()).isEqualTo(1);
		HttpResponse<String> gone = stale.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(body(gone).get("detail").asString()).contains("token 1").contains("token 2");
		assertThat(counter()).isEqualTo(1);
	}

	@Test
	void badParametersAreBadRequestsNamingThem() throws Exception {
		HttpResponse<String> hold = run("?holdMs=-1");
		assertThat(hold.statusCode()).isEqualTo(400);
		assertThat(body(hold).get("detail").asString()).startsWith("holdMs must be between 0 and 60000");
		HttpResponse<String> lease = run("?leaseMs=0");
		assertThat(lease.statusCode()).isEqualTo(400);
		assertThat(body(lease).get("detail").asString()).startsWith("leaseMs must be between 1 and 3600000");
		assertThat(this.leases.read("jobs/" + this.job)).isEmpty();
	}

	private HttpResponse<String> run(String query) throws Exception {
		return runAsync(query).get(BOUND.toSeconds(), TimeUnit.SECONDS);
	}

	private CompletableFuture<HttpResponse<String>> runAsync(String query) {
		HttpRequest request = HttpRequest.newBuilder(uri("/api/jobs/" + this.job + "/run" + query))
			.timeout(BOUND)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	/** Runs until the lease is taken over: the first tries see it held and are refused. */
	private HttpResponse<String> runUntilNotConflict(String query) throws Exception {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (true) {
			HttpResponse<String> response = run(query);
			if (response.statusCode() != 409 || System.nanoTime() > deadline) {
				return response;
			}
			Thread.sleep(50);
		}
	}

	private void awaitLeaseTaken() throws InterruptedException {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (this.leases.read("jobs/" + this.job).isEmpty()) {
			assertThat(System.nanoTime()).as("lease of the first run taken in time").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private long counter() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/api/jobs/" + this.job)).timeout(BOUND).GET().build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return body(response).get("counter").asLong();
	}

	private JsonNode body(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
