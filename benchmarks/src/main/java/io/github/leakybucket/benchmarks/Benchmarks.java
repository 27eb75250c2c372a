package io.github.leakybucket.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBClientBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.dynamodb.v1.DynamoDBProxyManager;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Runs every scenario against one in-process DynamoDB Local and writes {@code results.md}, {@code results.png} and
 * {@code production.png}; {@code -Dbenchmarks.only} runs some sections alone ({@link Settings#SECTIONS}). See
 * {@code benchmarks/README.md}.
 */
public final class Benchmarks {

	static final String RAW = "raw UpdateItem";

	static final String OURS = "leakybucket tryAdd";

	static final String OURS_RESERVE = "leakybucket tryAdd, reserve=20";

	static final String BUCKET4J = "Bucket4j tryConsume";

	static final String ANNOTATED = "@RateLimited method";

	static final String VERSUS_BUCKET4J = "leakybucket vs Bucket4j";

	static final String VERSUS_RAW = "decision vs raw UpdateItem";

	static final String VERSUS_DIRECT = "@RateLimited vs direct tryAdd";

	static final String VERSUS_GET = "get vs GetItem";

	static final String VERSUS_PUT = "put vs UpdateItem";

	static final String RAW_GET = "raw GetItem";

	static final String RAW_PUT = "raw UpdateItem (put)";

	static final String KV_GET = "KeyValueStore get";

	static final String KV_PUT = "KeyValueStore put";

	/** Capacity of the closed-loop buckets: far above what the machine can drive, so every call is admitted. */
	static final long OPEN_CAPACITY = 1_000_000;

	/** Capacity of the saturated bucket; its drain time is one second. */
	static final long SATURATED_CAPACITY = 50;

	static final Duration DRAIN_TIME = Duration.ofSeconds(1);

	static final int RESERVE = 20;

	static final int SATURATED_THREADS = 8;

	static final double OVERLOAD = 10;

	static final int[] THREADS = { 1, 8, 32 };

	static final int[] KEYS = { 1, 1000 };

	static final String BUCKET_TABLE = "bench-buckets";

	static final String BUCKET4J_TABLE = "bench-bucket4j";

	private static final String KV_TABLE = "bench-kv";

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.fromSystemProperties();
		Machine machine = Machine.describe();
		System.out.println("leakybucket benchmarks: " + settings + "\n" + machine);
		long started = System.nanoTime();
		Results results = new Results(settings, machine);
		DecisionSources sources = new DecisionSources();
		try (CountingDynamoDbLocal local = CountingDynamoDbLocal.start();
				DynamoDbClient client = DynamoDbClient.builder()
					.endpointOverride(local.endpoint())
					.region(EmbeddedDynamoDbLocal.REGION)
					.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
					.build()) {
			DynamoDbTables tables = new DynamoDbTables(client);
			tables.createIfMissing(BUCKET_TABLE, TableLayout.BUCKETS);
			tables.createIfMissing(KV_TABLE, TableLayout.KEY_VALUE);
			createBucket4jTable(client);
			AmazonDynamoDB clientV1 = AmazonDynamoDBClientBuilder.standard()
				.withEndpointConfiguration(
						new AwsClientBuilder.EndpointConfiguration(local.endpoint().toString(), "us-east-1"))
				.withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("leakybucket", "leakybucket")))
				.build();
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client)
				.tableName(BUCKET_TABLE)
				.listener(sources)
				.build();
			// The sections of issue 17 measure decisions, not the failure mode: a request timeout that a shared machine
			// cannot exceed, as in the asynchronous section. Failure-mode answers are counted and shown regardless.
			DynamoDbBucketStorage patient = DynamoDbBucketStorage.builder(client)
				.tableName(BUCKET_TABLE)
				.listener(sources)
				.requestTimeout(AsyncSection.REQUEST_TIMEOUT)
				.build();
			ProxyManager<String> bucket4j = DynamoDBProxyManager.stringKey(clientV1, BUCKET4J_TABLE,
					ClientSideConfig.getDefault());
			LoadRunner runner = new LoadRunner(local::counts, sources::snapshot);
			if (settings.runs("core")) {
				BucketConfig open = BucketConfig.of(OPEN_CAPACITY, DRAIN_TIME);
				BucketConfiguration bucket4jOpen = Workloads.bucket4jConfiguration(OPEN_CAPACITY, DRAIN_TIME);
				BucketRegistry registry = new BucketRegistry(storage, Map.of("hot", open, "keyed", open), 10_000);
				try (AnnotationConfigApplicationContext context = RateLimitedContext.start(storage, open)) {
					RateLimitedCalls calls = context.getBean(RateLimitedCalls.class);
					closedLoop(settings, runner, results, client, registry, bucket4j, () -> bucket4jOpen, calls);
					pairs(settings, runner, results, client, registry, bucket4j, () -> bucket4jOpen, calls);
				}
				saturated(settings, runner, results, storage, bucket4j);
				keyValue(settings, runner, results, client);
			}
			if (settings.runs("async")) {
				results.section(AsyncSection.run(settings, machine, local, client, BUCKET_TABLE));
			}
			if (settings.runs("roundtrip")) {
				results.section(RoundTripSection.run(settings, local, runner, client, BUCKET_TABLE, patient, bucket4j));
			}
			if (settings.runs("jvms")) {
				results.section(MultiJvmSection.run(settings, local));
			}
			if (settings.runs("zipf")) {
				results.section(ZipfSection.run(settings, local, patient, sources, runner, bucket4j));
			}
			if (settings.runs("memory")) {
				results.section(MemorySection.run());
			}
			if (settings.runs("startup")) {
				results.section(StartupSection.run(settings, local, client));
			}
			if (settings.runs("leases")) {
				LeaseSection.run(settings, machine, local, client);
			}
			clientV1.shutdown();
		}
		results.finish(Duration.ofNanos(System.nanoTime() - started), Machine.currentLoadAverage());
		Path report = settings.output().resolve(settings.resultsName("md"));
		new Report(results).write(report);
		System.out.println("Wrote " + report.toAbsolutePath());
		if (!results.closedLoop().isEmpty()) {
			new Chart(results).write(settings.output().resolve(settings.resultsName("png")));
		}
		ProductionChart production = new ProductionChart(results);
		if (production.hasData()) {
			Path chart = settings.output()
				.resolve(settings.only().isEmpty() ? "production.png" : "production-" + settings.resultsName("png"));
			production.write(chart);
			System.out.println("Wrote " + chart.toAbsolutePath());
		}
		System.exit(0);
	}

	/**
	 * Issue 7's matrix: every library at 1, 8 and 32 threads, on one hot bucket and on 1,000.
	 */
	private static void closedLoop(Settings settings, LoadRunner runner, Results results, DynamoDbClient client,
			BucketRegistry registry, ProxyManager<String> bucket4j, Supplier<BucketConfiguration> bucket4jOpen,
			RateLimitedCalls calls) {
		System.out.println("Closed loop, unsaturated buckets (capacity " + OPEN_CAPACITY + " per " + DRAIN_TIME + ")");
		for (int keys : KEYS) {
			Workload raw = Workloads.rawUpdateItem(client, BUCKET_TABLE, "raw-", keys);
			Workload ours = Workloads.tryAdd(registry, "hot", "keyed", keys);
			Workload theirs = Workloads.tryConsume(bucket4j, "open-", keys, bucket4jOpen);
			Workload annotated = Workloads.rateLimited(calls, keys);
			if (keys > 1) {
				for (Workload workload : List.of(raw, ours, theirs, annotated)) {
					prime(workload, keys);
				}
			}
			for (int threads : THREADS) {
				results.closedLoop(runner.run(RAW, raw, threads, keys, settings.warmup(), settings.measure()));
				results.closedLoop(runner.run(OURS, ours, threads, keys, settings.warmup(), settings.measure()));
				results.closedLoop(runner.run(BUCKET4J, theirs, threads, keys, settings.warmup(), settings.measure()));
				results.closedLoop(
						runner.run(ANNOTATED, annotated, threads, keys, settings.warmup(), settings.measure()));
			}
		}
	}

	/**
	 * The headline comparison with Bucket4j at 8 threads, run A-B-B-A and pooled so that drift on a shared machine
	 * falls on both sides; then issues 3 and 4 at one thread, interleaved call by call.
	 */
	private static void pairs(Settings settings, LoadRunner runner, Results results, DynamoDbClient client,
			BucketRegistry registry, ProxyManager<String> bucket4j, Supplier<BucketConfiguration> bucket4jOpen,
			RateLimitedCalls calls) {
		System.out.println("Paired comparisons, hot bucket");
		Workload raw = Workloads.rawUpdateItem(client, BUCKET_TABLE, "raw-", 1);
		Workload ours = Workloads.tryAdd(registry, "hot", "keyed", 1);
		Workload theirs = Workloads.tryConsume(bucket4j, "open-", 1, bucket4jOpen);
		Workload annotated = Workloads.rateLimited(calls, 1);
		results.pair(VERSUS_BUCKET4J, abba(settings, runner, BUCKET4J, theirs, OURS, ours, 8, 1));
		results.pair(VERSUS_RAW,
				runner.interleaved(RAW, raw, OURS, ours, 1, 1, settings.warmup(), settings.measure()));
		results.pair(VERSUS_DIRECT,
				runner.interleaved(OURS, ours, ANNOTATED, annotated, 1, 1, settings.warmup(), settings.measure()));
	}

	/**
	 * Issue 8 and over-admission: one fresh bucket of 50 per second, 8 threads, offered 10x its rate (paced), then
	 * as fast as the threads go (closed loop).
	 */
	private static void saturated(Settings settings, LoadRunner runner, Results results,
			DynamoDbBucketStorage storage, ProxyManager<String> bucket4j) {
		BucketConfig config = BucketConfig.of(SATURATED_CAPACITY, DRAIN_TIME);
		BucketConfiguration bucket4jConfig = Workloads.bucket4jConfiguration(SATURATED_CAPACITY, DRAIN_TIME);
		double offered = OVERLOAD * SATURATED_CAPACITY / DRAIN_TIME.toNanos() * 1e9;
		for (double rate : new double[] { offered, 0 }) {
			String load = (rate > 0) ? "paced" : "closed";
			System.out.println("Saturated bucket, " + load + " loop, " + SATURATED_THREADS + " threads");
			Workload ours = Workloads.tryAdd(storage.create("saturated-" + load, null, config));
			Workload reserved = Workloads
				.tryAdd(storage.create("saturated-reserve-" + load, null, config.withReserve(RESERVE)));
			Workload theirs = Workloads.tryConsume(bucket4j, "saturated-" + load, 1, () -> bucket4jConfig);
			results.saturated(load, runner.run(OURS, ours, SATURATED_THREADS, 1, Duration.ZERO,
					settings.saturated(), rate));
			results.saturated(load, runner.run(OURS_RESERVE, reserved, SATURATED_THREADS, 1, Duration.ZERO,
					settings.saturated(), rate));
			results.saturated(load, runner.run(BUCKET4J, theirs, SATURATED_THREADS, 1, Duration.ZERO,
					settings.saturated(), rate));
		}
	}

	/**
	 * Issue 5: key/value get and put against the same raw requests, 1,000 keys of 100 bytes, interleaved.
	 */
	private static void keyValue(Settings settings, LoadRunner runner, Results results, DynamoDbClient client) {
		System.out.println("Key/value store vs raw requests (interleaved), 1,000 keys");
		KeyValueStore store = DynamoDbKeyValueStore.builder(client, KV_TABLE).build();
		int keys = 1000;
		Workload rawPut = Workloads.rawPutItem(client, KV_TABLE, "raw", keys);
		Workload kvPut = Workloads.kvPut(store, keys);
		Workload rawGet = Workloads.rawGetItem(client, KV_TABLE, "raw", keys);
		Workload kvGet = Workloads.kvGet(store, keys);
		for (int threads : new int[] { 1, 8 }) {
			results.pair(VERSUS_PUT, runner.interleaved(RAW_PUT, rawPut, KV_PUT, kvPut, threads, keys,
					settings.warmup(), settings.measure()));
			results.pair(VERSUS_GET, runner.interleaved(RAW_GET, rawGet, KV_GET, kvGet, threads, keys,
					settings.warmup(), settings.measure()));
		}
	}

	/**
	 * Calls each key once so that every item exists before the warm-up: Bucket4j's first call on a missing bucket
	 * costs an extra read, and the measurement is about the steady state.
	 */
	private static void prime(Workload workload, int keys) {
		for (int key = 0; key < keys; key++) {
			workload.call(key);
		}
	}

	private static Run[] abba(Settings settings, LoadRunner runner, String nameA, Workload a, String nameB,
			Workload b, int threads, int keys) {
		List<Run> as = new ArrayList<>();
		List<Run> bs = new ArrayList<>();
		as.add(runner.run(nameA, a, threads, keys, settings.warmup(), settings.measure()));
		bs.add(runner.run(nameB, b, threads, keys, settings.warmup(), settings.measure()));
		bs.add(runner.run(nameB, b, threads, keys, settings.warmup(), settings.measure()));
		as.add(runner.run(nameA, a, threads, keys, settings.warmup(), settings.measure()));
		return new Run[] { Run.pool(as), Run.pool(bs) };
	}

	private static void createBucket4jTable(DynamoDbClient client) {
		client.createTable((request) -> request.tableName(BUCKET4J_TABLE)
			.keySchema(KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("key").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
		client.waiter().waitUntilTableExists((request) -> request.tableName(BUCKET4J_TABLE));
	}

}
