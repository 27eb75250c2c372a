package io.github.leakybucket.annotation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.FailureMode;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RateLimited @RateLimited} on methods returning {@code Mono}, {@code Flux},
 * {@code CompletableFuture} and {@code CompletionStage}: decided at subscription (or when a future is asked for),
 * once per subscription, rejections as error signals or failed futures, fallbacks, and storage failures. Buckets
 * {@code closed} and {@code open} are on a DynamoDB storage whose endpoint refuses connections; the others are in
 * memory, on a clock that stands still.
 */
class RateLimitedReactiveTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(MutableClock.class, () -> this.clock)
		.withUserConfiguration(ReactiveConfiguration.class);

	@Test
	void monoIsNotDecidedUntilSubscribed() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Mono<String> mono = null;
			for (int i = 0; i < 5; i++) {
				mono = service.mono();
			}
			assertThat(remaining(context.getBean(BucketRegistry.class), "small")).isEqualTo(3);
			assertThat(service.invocations()).isEqualTo(0);
			StepVerifier.create(mono).expectNext("mono").verifyComplete();
			assertThat(remaining(context.getBean(BucketRegistry.class), "small")).isEqualTo(2);
			assertThat(service.invocations()).isEqualTo(1);
		});
	}

	@Test
	void monoDecidesOncePerSubscription() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Mono<String> mono = service.mono();
			for (int i = 0; i < 3; i++) {
				StepVerifier.create(mono).expectNext("mono").verifyComplete();
			}
			StepVerifier.create(mono).verifyError(RateLimitedException.class);
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void monoRejectionIsAnErrorSignalCarryingTheRejection() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Mono<String> mono = service.monoUser("alice");
			mono.repeat(2).blockLast();
			StepVerifier.create(mono).expectErrorSatisfies((ex) -> assertThat(ex)
				.isInstanceOfSatisfying(RateLimitedException.class, (rejection) -> {
					assertThat(rejection.getBucketName()).isEqualTo("small");
					assertThat(rejection.getKey()).isEqualTo("alice");
					assertThat(rejection.isStorageFailed()).isFalse();
					assertThat(rejection.getRetryAfter()).isPositive();
				}))
				.verify();
			StepVerifier.create(service.monoUser("bob")).expectNext("hello bob").verifyComplete();
		});
	}

	@Test
	void monoWithANullKeySignalsAnErrorAtSubscription() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Mono<String> mono = service.monoUser(null);
			StepVerifier.create(mono).verifyError(MissingRateLimitKeyException.class);
			assertThat(service.invocations()).isEqualTo(0);
		});
	}

	@Test
	void monoFallbackAnswersRejectedSubscriptions() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Mono<String> mono = service.monoWithFallback();
			mono.repeat(2).blockLast();
			StepVerifier.create(mono).expectNext("busy small").verifyComplete();
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void fluxIsNotDecidedUntilSubscribed() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Flux<String> flux = null;
			for (int i = 0; i < 5; i++) {
				flux = service.flux();
			}
			assertThat(remaining(context.getBean(BucketRegistry.class), "small")).isEqualTo(3);
			StepVerifier.create(flux).expectNext("a", "b").verifyComplete();
			assertThat(remaining(context.getBean(BucketRegistry.class), "small")).isEqualTo(2);
		});
	}

	@Test
	void fluxDecidesOncePerSubscriptionAndRejectsWithAnErrorSignal() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Flux<String> flux = service.flux();
			for (int i = 0; i < 3; i++) {
				StepVerifier.create(flux).expectNext("a", "b").verifyComplete();
			}
			StepVerifier.create(flux).verifyError(RateLimitedException.class);
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void fluxFallbackAnswersRejectedSubscriptions() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Flux<String> flux = service.fluxWithFallback();
			flux.repeat(2).blockLast();
			StepVerifier.create(flux).expectNext("busy", "later").verifyComplete();
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void completableFutureIsDecidedOncePerCallAndRejectedAsAFailedFuture() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			for (int i = 0; i < 3; i++) {
				assertThat(service.future().join()).isEqualTo("future");
			}
			CompletableFuture<String> rejected = service.future();
			assertThat(rejected).isCompletedExceptionally();
			assertThatExceptionOfType(CompletionException.class).isThrownBy(rejected::join)
				.havingCause()
				.isInstanceOf(RateLimitedException.class);
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void completionStageWithANullKeyIsAFailedFuture() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			assertThat(service.stageUser(null).toCompletableFuture()).isCompletedExceptionally();
			assertThat(service.invocations()).isEqualTo(0);
		});
	}

	@Test
	void completionStageFallbackAnswersRejectedCalls() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			for (int i = 0; i < 3; i++) {
				assertThat(service.stageWithFallback().toCompletableFuture().join()).isEqualTo("stage");
			}
			assertThat(service.stageWithFallback().toCompletableFuture().join()).isEqualTo("busy small");
			assertThat(service.invocations()).isEqualTo(3);
		});
	}

	@Test
	void failClosedStorageFailureRejectsEveryReturnTypeMarkedStorageFailed() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			StepVerifier.create(service.closedMono()).expectErrorSatisfies(RateLimitedReactiveTests::storageFailed)
				.verify();
			StepVerifier.create(service.closedFlux()).expectErrorSatisfies(RateLimitedReactiveTests::storageFailed)
				.verify();
			assertThatExceptionOfType(CompletionException.class)
				.isThrownBy(() -> service.closedStage().toCompletableFuture().join())
				.satisfies((ex) -> storageFailed(ex.getCause()));
			assertThat(service.invocations()).isEqualTo(0);
		});
	}

	@Test
	void failOpenStorageFailureAdmitsEveryReturnType() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			StepVerifier.create(service.openMono()).expectNext("open").verifyComplete();
			assertThat(service.openStage().toCompletableFuture().join()).isEqualTo("open");
			assertThat(service.invocations()).isEqualTo(2);
			assertThat(context.getBean(RecordingObserver.class).storageFailed).containsExactly(true, true);
		});
	}

	@Test
	void observerInTheSubscriberContextIsToldAboutTheDecision() {
		this.contextRunner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			List<Long> remaining = new CopyOnWriteArrayList<>();
			RateLimitedDecisionObserver observer = (bucket, state) -> remaining.add(state.remaining());
			service.mono().contextWrite(Context.of(RateLimitedDecisionObserver.class, observer)).block();
			assertThat(remaining).containsExactly(2L);
		});
	}

	@Test
	void reactiveDecisionsAreOffloadedToTheBoundedElasticSchedulerByDefault() {
		this.contextRunner.run((context) -> {
			context.getBean(ReactiveService.class).mono().block();
			assertThat(context.getBean(RecordingObserver.class).threads).singleElement()
				.asString()
				.startsWith("boundedElastic-");
		});
	}

	@Test
	void reactiveDecisionsStayOnTheSubscribingThreadWhenNotOffloaded() {
		this.contextRunner.run((context) -> {
			context.getBean(RateLimitedBeanPostProcessor.class).setOffloadReactiveDecisions(false);
			context.getBean(ReactiveService.class).mono().block();
			assertThat(context.getBean(RecordingObserver.class).threads)
				.containsExactly(Thread.currentThread().getName());
		});
	}

	private static void storageFailed(Throwable ex) {
		assertThat(ex).isInstanceOfSatisfying(RateLimitedException.class, (rejection) -> {
			assertThat(rejection.isStorageFailed()).isTrue();
			assertThat(rejection.getBucketName()).isEqualTo("closed");
		});
	}

	private static long remaining(BucketRegistry registry, String name) {
		return registry.bucket(name).refresh().remaining();
	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveConfiguration {

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean(destroyMethod = "close")
		@Qualifier("unreachable")
		DynamoDbClient unreachableClient() throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			return DynamoDbClient.builder()
				.endpointOverride(URI.create("http://127.0.0.1:" + port))
				.region(EmbeddedDynamoDbLocal.REGION)
				.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
				.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
				.build();
		}

		@Bean
		BucketRegistry bucketRegistry(MutableClock clock, @Qualifier("unreachable") DynamoDbClient client) {
			Map<String, BucketConfig> configs = new LinkedHashMap<>();
			configs.put("small", BucketConfig.of(3, Duration.ofSeconds(3)));
			configs.put("closed", BucketConfig.of(3, Duration.ofSeconds(3)).withFailureMode(FailureMode.FAIL_CLOSED));
			configs.put("open", BucketConfig.of(3, Duration.ofSeconds(3)).withFailureMode(FailureMode.FAIL_OPEN));
			BucketStorage memory = new InMemoryBucketStorage(clock, DecisionListener.NONE);
			BucketStorage unreachable = DynamoDbBucketStorage.builder(client).verifyTable(false).build();
			BucketStorage storage = (name, key, config) -> (name.equals("small") ? memory : unreachable).create(name,
					key, config);
			return new BucketRegistry(storage, configs, 100);
		}

		@Bean
		RecordingObserver recordingObserver() {
			return new RecordingObserver();
		}

		@Bean
		ReactiveService reactiveService() {
			return new ReactiveService();
		}

	}

	static class RecordingObserver implements RateLimitedDecisionObserver {

		final List<String> threads = new CopyOnWriteArrayList<>();

		final List<Boolean> storageFailed = new CopyOnWriteArrayList<>();

		@Override
		public void onDecision(Bucket bucket, io.github.leakybucket.BucketState state) {
			this.threads.add(Thread.currentThread().getName());
			this.storageFailed.add(state.storageFailed());
		}

	}

	static class ReactiveService {

		private final AtomicInteger count = new AtomicInteger();

		int invocations() {
			return this.count.get();
		}

		@RateLimited("small")
		Mono<String> mono() {
			this.count.incrementAndGet();
			return Mono.just("mono");
		}

		@RateLimited(bucket = "small", key = "#user")
		Mono<String> monoUser(String user) {
			this.count.incrementAndGet();
			return Mono.just("hello " + user);
		}

		@RateLimited(bucket = "small", fallbackMethod = "busyMono")
		Mono<String> monoWithFallback() {
			this.count.incrementAndGet();
			return Mono.just("mono");
		}

		private Mono<String> busyMono(RateLimitedException ex) {
			return Mono.just("busy " + ex.getBucketName());
		}

		@RateLimited("small")
		Flux<String> flux() {
			this.count.incrementAndGet();
			return Flux.just("a", "b");
		}

		@RateLimited(bucket = "small", fallbackMethod = "busyFlux")
		Flux<String> fluxWithFallback() {
			this.count.incrementAndGet();
			return Flux.just("a", "b");
		}

		private Flux<String> busyFlux() {
			return Flux.just("busy", "later");
		}

		@RateLimited("small")
		CompletableFuture<String> future() {
			this.count.incrementAndGet();
			return CompletableFuture.completedFuture("future");
		}

		@RateLimited(bucket = "small", key = "#user")
		CompletionStage<String> stageUser(String user) {
			this.count.incrementAndGet();
			return CompletableFuture.completedFuture("hello " + user);
		}

		@RateLimited(bucket = "small", fallbackMethod = "busyStage")
		CompletionStage<String> stageWithFallback() {
			this.count.incrementAndGet();
			return CompletableFuture.completedFuture("stage");
		}

		private CompletionStage<String> busyStage(RateLimitedException ex) {
			return CompletableFuture.completedFuture("busy " + ex.getBucketName());
		}

		@RateLimited("closed")
		Mono<String> closedMono() {
			this.count.incrementAndGet();
			return Mono.just("closed");
		}

		@RateLimited("closed")
		Flux<String> closedFlux() {
			this.count.incrementAndGet();
			return Flux.just("closed");
		}

		@RateLimited("closed")
		CompletionStage<String> closedStage() {
			this.count.incrementAndGet();
			return CompletableFuture.completedFuture("closed");
		}

		@RateLimited("open")
		Mono<String> openMono() {
			this.count.incrementAndGet();
			return Mono.just("open");
		}

		@RateLimited("open")
		CompletionStage<String> openStage() {
			this.count.incrementAndGet();
			return CompletableFuture.completedFuture("open");
		}

	}

}
