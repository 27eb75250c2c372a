package io.github.leakybucket.dynamodb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.BucketStorageContractTests;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The storage contract on the asynchronous DynamoDB client. Every {@code tryAdd} of the suite goes through
 * {@link Bucket#tryAddAsync}, so the suite holds the non-blocking path to the contract; plus what only this client
 * has: the table check through it, and buckets shared with the blocking client.
 */
class DynamoDbAsyncBucketStorageTests extends BucketStorageContractTests {

	private static DynamoDbAsyncClient client;

	private static DynamoDbClient blockingClient;

	private static String table;

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.asyncClientBuilder()
			.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
		blockingClient = DynamoDbTestServer.client();
		table = DynamoDbTestServer.uniqueTableName("async-buckets");
		new DynamoDbTables(blockingClient).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClients() {
		client.close();
		blockingClient.close();
	}

	@Override
	protected BucketStorage createStorage(MutableClock clock) {
		DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(client).tableName(table).clock(clock).build();
		return (name, key, config) -> deciding(storage.create(name, key, config));
	}

	@Override
	protected void assertNothingStored(String name) {
		assertThat(blockingClient
			.getItem((get) -> get.tableName(table).consistentRead(true).key(Map.of("name", AttributeValue.fromS(name))))
			.item()).isEmpty();
	}

	@Test
	void blockingTryAddDecidesOnTheAsynchronousClient() {
		Bucket bucket = DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(this.clock)
			.build()
			.create(uniqueName(), 2, DRAIN);
		assertThat(bucket.tryAdd(2).remaining()).isZero();
		assertThat(bucket.tryAdd(1).admitted()).isFalse();
	}

	@Test
	void handlesOnBothClientsShareABucket() {
		String name = uniqueName();
		Bucket async = this.storage.create(name, 10, DRAIN);
		Bucket blocking = DynamoDbBucketStorage.builder(blockingClient)
			.tableName(table)
			.clock(this.clock)
			.build()
			.create(name, 10, DRAIN);
		assertThat(async.tryAdd(6).admitted()).isTrue();
		assertThat(blocking.tryAdd(5).admitted()).isFalse();
		assertThat(blocking.tryAdd(4).remaining()).isZero();
		assertThat(async.tryAdd(1).admitted()).isFalse();
	}

	@Test
	void buildChecksTheTableThroughTheAsynchronousClient() {
		String missing = DynamoDbTestServer.uniqueTableName("missing");
		assertThatExceptionOfType(TableSchemaException.class)
			.isThrownBy(() -> DynamoDbBucketStorage.builder(client).tableName(missing).build())
			.withMessageContaining(missing)
			.withMessageContaining("does not exist");
	}

	/**
	 * Returns a view of the bucket whose {@code tryAdd}, and so {@code add}, waits for {@code tryAddAsync}, so that
	 * the suite decides without blocking; every other method is the bucket's.
	 */
	private static Bucket deciding(Bucket bucket) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getName().equals("tryAdd")) {
				try {
					return bucket.tryAddAsync((long) args[0]).join();
				}
				catch (CompletionException ex) {
					throw ex.getCause();
				}
			}
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			try {
				return method.invoke(bucket, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (Bucket) Proxy.newProxyInstance(Bucket.class.getClassLoader(), new Class<?>[] { Bucket.class }, handler);
	}

}
