package io.github.leakybucket.limits;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link KeyValueStoreLimitResolver} on DynamoDB Local. Refreshes are made by the test, on a resolver whose own
 * schedule is an hour, except where the schedule itself is under test.
 */
class KeyValueStoreLimitResolverTests {

	private static final Limit VIP = new Limit(6, Duration.ofMinutes(1));

	private static final CountingInterceptor requests = new CountingInterceptor();

	private static final AtomicBoolean failReads = new AtomicBoolean();

	private static DynamoDbClient client;

	private static String table;

	private final Events events = new Events();

	private KeyValueStore store;

	private KeyValueStoreLimitResolver resolver;

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(requests)
				.addExecutionInterceptor(new ExecutionInterceptor() {

					@Override
					public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
						if (failReads.get() && context.request() instanceof QueryRequest) {
							throw SdkClientException.create("injected fault");
						}
					}

				})
				.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		table = DynamoDbTestServer.uniqueTableName("limits");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.KEY_VALUE);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void createResolver() {
		failReads.set(false);
		this.store = DynamoDbKeyValueStore.builder(client, table).defaultPartition("p-" + System.nanoTime()).build();
		this.resolver = KeyValueStoreLimitResolver.builder(this.store)
			.refreshInterval(Duration.ofHours(1))
			.listener(this.events)
			.build();
	}

	@AfterEach
	void closeResolver() {
		this.resolver.close();
	}

	@Test
	void readsLimitsStoredAsTextUnderPrefixBucketAndKey() {
		this.store.put("leakybucket/limits/notes/vip", "6/PT1M");
		this.store.put("leakybucket/limits/notes/team/a", "2/PT1S");
		this.store.put("elsewhere/notes/vip", "1/PT1S");
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		assertThat(this.resolver.limit("notes", "team/a")).contains(new Limit(2, Duration.ofSeconds(1)));
		assertThat(this.resolver.limit("notes", "alice")).isEmpty();
		assertThat(this.resolver.limit("other", "vip")).isEmpty();
		assertThat(this.resolver.limits("notes")).containsOnlyKeys("vip", "team/a");
		assertThat(this.resolver.storeKey("notes", "vip")).isEqualTo("leakybucket/limits/notes/vip");
	}

	@Test
	void putWritesWhatTheNextRefreshReads() {
		this.resolver.put("notes", "vip", VIP);
		assertThat(this.store.get("leakybucket/limits/notes/vip").orElseThrow().valueAsString()).isEqualTo("6/PT1M");
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
	}

	@Test
	void changedLimitTakesEffectAtTheNextRefresh() {
		this.resolver.put("notes", "vip", VIP);
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		Limit raised = new Limit(12, Duration.ofMinutes(1));
		this.resolver.put("notes", "vip", raised);
		assertThat(this.resolver.limit("notes", "vip")).as("until the next refresh").contains(VIP);
		assertThat(this.resolver.refresh()).isTrue();
		assertThat(this.resolver.limit("notes", "vip")).contains(raised);
		this.resolver.remove("notes", "vip");
		this.resolver.refresh();
		assertThat(this.resolver.limit("notes", "vip")).isEmpty();
		assertThat(this.events.refreshed).containsExactly(1, 1, 0);
	}

	@Test
	void lookupsMakeNoRequestAndEachRefreshIsOneListing() {
		this.resolver.put("notes", "vip", VIP);
		this.resolver.limit("notes", "vip");
		requests.reset();
		for (int i = 0; i < 10_000; i++) {
			this.resolver.limit("notes", "user-" + i);
		}
		assertThat(requests.total()).isZero();
		this.resolver.refresh();
		assertThat(requests.total()).isOne();
		assertThat(requests.count(QueryRequest.class)).isOne();
	}

	@Test
	void failedRefreshKeepsTheLastKnownLimitsAndIsTold() {
		this.resolver.put("notes", "vip", VIP);
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		this.resolver.put("notes", "vip", new Limit(1, Duration.ofMinutes(1)));
		failReads.set(true);
		assertThat(this.resolver.refresh()).isFalse();
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		assertThat(this.events.failures).singleElement()
			.satisfies((error) -> assertThat(error).hasMessageContaining("injected fault"));
		failReads.set(false);
		assertThat(this.resolver.refresh()).isTrue();
		assertThat(this.resolver.limit("notes", "vip")).contains(new Limit(1, Duration.ofMinutes(1)));
	}

	@Test
	void failedFirstReadLeavesEveryKeyAtItsBucketLimitUntilARefreshSucceeds() {
		this.resolver.put("notes", "vip", VIP);
		failReads.set(true);
		assertThat(this.resolver.limit("notes", "vip")).isEmpty();
		assertThat(this.events.failures).hasSize(1);
		assertThat(this.resolver.limit("notes", "vip")).as("not read again on every lookup").isEmpty();
		assertThat(this.events.failures).hasSize(1);
		failReads.set(false);
		this.resolver.refresh();
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
	}

	@Test
	void invalidValueKeepsTheKeysLastKnownLimitAndIsTold() {
		this.resolver.put("notes", "vip", VIP);
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		this.store.put("leakybucket/limits/notes/vip", "0/PT1M");
		this.store.put("leakybucket/limits/notes/new", "lots");
		this.store.put("leakybucket/limits/no-key", "1/PT1M");
		assertThat(this.resolver.refresh()).isTrue();
		assertThat(this.resolver.limit("notes", "vip")).contains(VIP);
		assertThat(this.resolver.limit("notes", "new")).isEmpty();
		assertThat(this.events.invalid).containsExactly("leakybucket/limits/no-key: key",
				"leakybucket/limits/notes/new: limit", "leakybucket/limits/notes/vip: capacity");
	}

	@Test
	void prefixIsConfigurable() {
		try (KeyValueStoreLimitResolver custom = KeyValueStoreLimitResolver.builder(this.store)
			.prefix("limits:")
			.build()) {
			this.store.put("limits:notes/vip", "6/PT1M");
			assertThat(custom.limit("notes", "vip")).contains(VIP);
			assertThat(custom.storeKey("notes", "vip")).isEqualTo("limits:notes/vip");
		}
	}

	@Test
	void scheduledRefreshPicksUpAChangeWithinTheInterval() throws InterruptedException {
		try (KeyValueStoreLimitResolver scheduled = KeyValueStoreLimitResolver.builder(this.store)
			.refreshInterval(Duration.ofMillis(50))
			.build()) {
			assertThat(scheduled.limit("notes", "vip")).isEmpty();
			scheduled.put("notes", "vip", VIP);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (scheduled.limit("notes", "vip").isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(scheduled.limit("notes", "vip")).contains(VIP);
		}
	}

	@Test
	void bucketNameWithSlashCannotHoldLimits() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.resolver.storeKey("a/b", "vip"))
			.withMessage("bucket must be a name without '/' to hold limits: a/b");
	}

	@Test
	void settingsAreChecked() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyValueStoreLimitResolver.builder(this.store).refreshInterval(Duration.ZERO))
			.withMessage("refreshInterval must be from 1ms to one day: PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyValueStoreLimitResolver.builder(this.store).prefix(""))
			.withMessage("prefix must not be empty");
	}

	private static final class Events implements KeyValueStoreLimitResolver.Listener {

		final List<Integer> refreshed = new CopyOnWriteArrayList<>();

		final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

		final List<String> invalid = new CopyOnWriteArrayList<>();

		@Override
		public void onRefreshed(int limits) {
			this.refreshed.add(limits);
		}

		@Override
		public void onRefreshFailed(RuntimeException error) {
			this.failures.add(error);
		}

		@Override
		public void onInvalidLimit(String storeKey, InvalidLimitException error) {
			this.invalid.add(storeKey + ": " + error.parameter());
		}

	}

}
