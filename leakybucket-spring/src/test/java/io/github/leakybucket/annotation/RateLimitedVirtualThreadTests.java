package io.github.leakybucket.annotation;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking {@link RateLimited @RateLimited} methods called from virtual threads, on the synchronous DynamoDB storage
 * and DynamoDB Local: concurrent calls of one bucket wait for the write in flight (coalescing), which must park the
 * virtual thread, not pin its carrier. JFR records every {@code jdk.VirtualThreadPinned} event, without threshold;
 * there must be none after a warm-up round. Runs on JDK 21 and later only; the project compiles for 17, so virtual threads are created
 * through reflection.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class RateLimitedVirtualThreadTests {

	private static final int CALLS = 400;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(VirtualThreadConfiguration.class);

	@Test
	void blockingDecisionsOnVirtualThreadsDoNotPinTheirCarriers() {
		this.contextRunner.run((context) -> {
			BlockingService service = context.getBean(BlockingService.class);
			// Warm up: the JVM's first socket read on a virtual thread initializes sun.nio.ch.Poller, and a virtual
			// thread waiting for another thread's class initializer pins its carrier once (JDK behaviour, not ours).
			callOnVirtualThreads(service);
			service.resetVirtualCalls();
			Path file = Files.createTempFile("virtual-thread-pinning", ".jfr");
			try (Recording recording = new Recording()) {
				recording.enable("jdk.VirtualThreadPinned").withoutThreshold().withStackTrace();
				recording.start();
				List<Object> results = callOnVirtualThreads(service);
				recording.stop();
				recording.dump(file);
				assertThat(results).hasSize(CALLS).containsOnly("hello");
				assertThat(service.virtualCalls()).isEqualTo(CALLS);
			}
			List<RecordedEvent> pinned = RecordingFile.readAllEvents(file)
				.stream()
				.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
				.toList();
			Files.delete(file);
			assertThat(pinned).as("pinned virtual threads: %s", pinned).isEmpty();
		});
	}

	private static List<Object> callOnVirtualThreads(BlockingService service) throws Exception {
		Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		ExecutorService executor = (ExecutorService) factory.invoke(null);
		try {
			List<Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				int user = i % 4;
				futures.add(executor.submit(() -> service.hello(user)));
			}
			List<Object> results = new ArrayList<>();
			for (Future<String> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdown();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class VirtualThreadConfiguration {

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean(destroyMethod = "close")
		DynamoDbClient dynamoDbClient() {
			return DynamoDbTestServer.client();
		}

		@Bean
		BucketRegistry bucketRegistry(DynamoDbClient client) {
			String table = DynamoDbTestServer.uniqueTableName("virtual-threads");
			new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client)
				.tableName(table)
				.requestTimeout(Duration.ofSeconds(30))
				.build();
			return new BucketRegistry(storage, Map.of("users", BucketConfig.of(1_000, Duration.ofHours(1))), 100);
		}

		@Bean
		BlockingService blockingService() {
			return new BlockingService();
		}

	}

	static class BlockingService {

		private final AtomicInteger virtualCalls = new AtomicInteger();

		@RateLimited(bucket = "users", key = "#user")
		String hello(int user) throws Exception {
			if ((boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())) {
				this.virtualCalls.incrementAndGet();
			}
			return "hello";
		}

		int virtualCalls() {
			return this.virtualCalls.get();
		}

		void resetVirtualCalls() {
			this.virtualCalls.set(0);
		}

	}

}
