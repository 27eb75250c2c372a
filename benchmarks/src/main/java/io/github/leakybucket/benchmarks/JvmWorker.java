package io.github.leakybucket.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

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
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One of several JVMs deciding on one hot bucket ({@link MultiJvmSection}). It warms up on a bucket of its own,
 * prints {@code READY}, waits for {@code GO} on standard input, runs its threads closed loop on the shared bucket
 * for the window, and prints {@code RESULT} with its wall-clock start, counts, where its decisions were answered
 * (ours) and latency histogram.
 * <p>
 * Arguments: endpoint, scenario, bucket name, capacity, threads, warm-up millis, window millis.
 */
public final class JvmWorker {

	private JvmWorker() {
	}

	public static void main(String[] args) throws Exception {
		URI endpoint = URI.create(args[0]);
		String scenario = args[1];
		String bucketName = args[2];
		long capacity = Long.parseLong(args[3]);
		int threads = Integer.parseInt(args[4]);
		Duration warmup = Duration.ofMillis(Long.parseLong(args[5]));
		Duration window = Duration.ofMillis(Long.parseLong(args[6]));
		String warmName = bucketName + "-warm-" + ProcessHandle.current().pid();
		DecisionSources sources = new DecisionSources();
		Workload shared;
		Workload warm;
		if (scenario.equals(Benchmarks.BUCKET4J)) {
			AmazonDynamoDB clientV1 = AmazonDynamoDBClientBuilder.standard()
				.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint.toString(), "us-east-1"))
				.withCredentials(
						new AWSStaticCredentialsProvider(new BasicAWSCredentials("leakybucket", "leakybucket")))
				.build();
			ProxyManager<String> proxies = DynamoDBProxyManager.stringKey(clientV1, Benchmarks.BUCKET4J_TABLE,
					ClientSideConfig.getDefault());
			BucketConfiguration config = Workloads.bucket4jConfiguration(capacity, Benchmarks.DRAIN_TIME);
			BucketConfiguration open = Workloads.bucket4jConfiguration(Benchmarks.OPEN_CAPACITY,
					Benchmarks.DRAIN_TIME);
			shared = Workloads.tryConsume(proxies, bucketName, 1, () -> config);
			warm = Workloads.tryConsume(proxies, warmName, 1, () -> open);
		}
		else {
			DynamoDbClient client = DynamoDbClient.builder()
				.endpointOverride(endpoint)
				.region(EmbeddedDynamoDbLocal.REGION)
				.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
				.build();
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client)
				.tableName(Benchmarks.BUCKET_TABLE)
				.listener(sources)
				.requestTimeout(AsyncSection.REQUEST_TIMEOUT)
				.build();
			long reserve = scenario.equals(Benchmarks.OURS_RESERVE) ? Benchmarks.RESERVE : 0;
			shared = Workloads.tryAdd(storage.create(bucketName, null,
					BucketConfig.of(capacity, Benchmarks.DRAIN_TIME).withReserve(reserve)));
			warm = Workloads.tryAdd(storage.create(warmName, null,
					BucketConfig.of(Benchmarks.OPEN_CAPACITY, Benchmarks.DRAIN_TIME).withReserve(reserve)));
		}
		LoadRunner runner = new LoadRunner(() -> RequestCounts.NONE, sources::snapshot);
		runner.run("warm-up " + scenario, warm, threads, 1, Duration.ZERO, warmup);
		System.out.println("READY");
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (!"GO".equals(in.readLine())) {
			System.exit(1);
		}
		Instant start = Instant.now();
		Run run = runner.run(scenario, shared, threads, 1, Duration.ZERO, window);
		ByteBuffer buffer = ByteBuffer.allocate(run.latency().getNeededByteBufferCapacity());
		int length = run.latency().encodeIntoCompressedByteBuffer(buffer);
		byte[] histogram = new byte[length];
		buffer.flip();
		buffer.get(histogram);
		System.out.println("RESULT " + (start.getEpochSecond() * 1_000_000_000L + start.getNano()) + " "
				+ run.elapsedNanos() + " " + run.decisions() + " " + run.admitted() + " " + run.errors() + " "
				+ run.sources().local() + " " + run.sources().dynamoDb() + " " + run.sources().errors() + " "
				+ Base64.getEncoder().encodeToString(histogram));
		System.exit(0);
	}

}
