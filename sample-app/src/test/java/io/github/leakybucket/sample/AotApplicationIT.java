package io.github.leakybucket.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged application as {@code java -Dspring.aot.enabled=true -jar sample-app.jar}, in a JVM of its own,
 * with the bean definitions that {@code process-aot} generated at build time, and checks that it rate-limits as the
 * application does without AOT ({@link HelloControllerTests}). Small buckets are set on the command line, so this
 * also shows that bucket settings are still read at run time. One JVM start for the whole class.
 * <p>
 * Run by the failsafe plugin after {@code package}; {@code sample.jar} names the jar, and the application's log is
 * written next to it, as {@code aot-application.log}.
 */
class AotApplicationIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Process application;

	private static Path log;

	private static URI base;

	@BeforeAll
	static void startApplication() throws Exception {
		Path jar = Paths.get(System.getProperty("sample.jar", "target/sample-app.jar"));
		assertThat(jar).as("the packaged application").isRegularFile();
		int port = freePort();
		base = URI.create("http://127.0.0.1:" + port);
		log = jar.resolveSibling("aot-application.log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		application = new ProcessBuilder(List.of(java, "-Dspring.aot.enabled=true",
				"-Daws.java.v1.disableDeprecationAnnouncement=true", "-jar", jar.toString(),
				"--server.address=127.0.0.1", "--server.port=" + port, "--leakybucket.buckets.demo.capacity=3",
				"--leakybucket.buckets.demo.drain-time=1h", "--leakybucket.buckets.per-user.capacity=2",
				"--leakybucket.buckets.per-user.drain-time=1h", "--leakybucket.dynamodb.api-call-timeout=30s"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		awaitHealthy();
		assertThat(log()).contains("Starting AOT-processed SampleApplication");
	}

	@AfterAll
	static void stopApplication() throws Exception {
		if (application != null) {
			application.destroy();
			if (!application.waitFor(30, TimeUnit.SECONDS)) {
				application.destroyForcibly();
			}
		}
	}

	@Test
	void rejectsTheCallAfterTheCapacityWith429() throws Exception {
		for (int i = 1; i <= 3; i++) {
			HttpResponse<String> admitted = get("/api/hello");
			assertThat(admitted.statusCode()).as("call %d of 3", i).isEqualTo(200);
			assertThat(admitted.body()).contains("Hello, world");
			assertThat(admitted.headers().firstValue("RateLimit-Policy")).contains("\"demo\";q=3;w=3600");
		}
		HttpResponse<String> rejected = get("/api/hello");
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(rejected.headers().firstValue("Retry-After")).hasValueSatisfying(
				(retryAfter) -> assertThat(Long.parseLong(retryAfter)).isPositive());
		assertThat(rejected.body()).contains("\"bucket\":\"demo\"").contains("\"status\":429");
	}

	@Test
	void keepsOneBucketPerKeyFromTheKeyExpression() throws Exception {
		assertThat(get("/api/users/alice/hello").statusCode()).isEqualTo(200);
		assertThat(get("/api/users/alice/hello").statusCode()).isEqualTo(200);
		assertThat(get("/api/users/alice/hello").statusCode()).isEqualTo(429);
		HttpResponse<String> bob = get("/api/users/bob/hello");
		assertThat(bob.statusCode()).isEqualTo(200);
		assertThat(bob.body()).contains("Hello, bob");
	}

	@Test
	void rendersTheEndpointAsJson() throws Exception {
		HttpResponse<String> buckets = get("/actuator/leakybuckets");
		assertThat(buckets.statusCode()).isEqualTo(200);
		assertThat(buckets.body()).contains("\"demo\":{\"capacity\":3,\"drainTime\":\"PT1H\"")
			.contains("\"per-user\":{\"capacity\":2");
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void awaitHealthy() throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(application.isAlive()).as("the application is running; its log:%n%s", log()).isTrue();
			try {
				if (get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The application did not become healthy within " + STARTUP_TIMEOUT + "; its log:\n"
				+ log());
	}

	private static String log() throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
