package io.github.leakybucket.actuate;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.circuit.InjectedFault;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.CountingInterceptor;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;

class LeakyBucketHealthIndicatorTests {

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

	private final MutableClock clock = MutableClock.atSystemTime();

	private DynamoDbClient client;

	private String table;

	private LeakyBucketHealthIndicator indicator;

	@BeforeEach
	void createTable() {
		this.client = DynamoDbTestServer.client();
		this.table = DynamoDbTestServer.uniqueTableName("health");
		new DynamoDbTables(this.client).createIfMissing(this.table, TableLayout.BUCKETS);
		this.indicator = indicator(this.client, this.table);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void upWithTableStatusAndTimeToLive() {
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(tableDetails(health)).containsEntry("status", "ACTIVE")
			.containsEntry("timeToLive", true)
			.doesNotContainKey("warning");
	}

	@Test
	void downWhenTableIsDeletedAndUpWhenRestored() {
		this.client.deleteTable((request) -> request.tableName(this.table));
		Health down = this.indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(tableDetails(down)).containsEntry("reason", "Table does not exist");
		new DynamoDbTables(this.client).createIfMissing(this.table, TableLayout.BUCKETS);
		this.clock.advance(CHECK_INTERVAL);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void answersFromTheLastCheckUntilTheIntervalHasPassed() {
		CountingInterceptor requests = new CountingInterceptor();
		try (DynamoDbClient counted = requests.client()) {
			LeakyBucketHealthIndicator cached = indicator(counted, this.table);
			assertThat(cached.health(true).getStatus()).isEqualTo(Status.UP);
			this.client.deleteTable((request) -> request.tableName(this.table));
			this.clock.advance(CHECK_INTERVAL.minusNanos(1));
			assertThat(cached.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(cached.health(false).getStatus()).isEqualTo(Status.UP);
			assertThat(requests.count(DescribeTableRequest.class)).isEqualTo(1);
			assertThat(requests.count(DescribeTimeToLiveRequest.class)).isEqualTo(1);
			this.clock.advance(Duration.ofNanos(1));
			assertThat(cached.health(true).getStatus()).isEqualTo(Status.DOWN);
			assertThat(requests.count(DescribeTableRequest.class)).isEqualTo(2);
		}
	}

	@Test
	void openCircuitShowsInDetailsAndKeepsHealthUp() {
		InjectedFault fault = new InjectedFault();
		try (DynamoDbClient faulty = fault.client()) {
			DynamoDbBucketStorage storage = DynamoDbBucketStorage.builder(faulty).tableName(this.table).build();
			BucketRegistry buckets = new BucketRegistry(storage,
					Map.of("api", BucketConfig.of(10, Duration.ofHours(1))), 10);
			LeakyBucketHealthIndicator indicator = new LeakyBucketHealthIndicator(this.client,
					Map.of(this.table, TableLayout.BUCKETS), Duration.ofSeconds(2), CHECK_INTERVAL, this.clock,
					CircuitStates.of(buckets, storage));
			assertThat(indicator.health(true).getDetails()).containsEntry("circuits", Map.of("api", "CLOSED"));
			fault.openCircuit(buckets, "api");
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("circuits", Map.of("api", "OPEN"));
		}
	}

	@Test
	void checksOnEveryRequestWithZeroInterval() {
		CountingInterceptor requests = new CountingInterceptor();
		try (DynamoDbClient counted = requests.client()) {
			LeakyBucketHealthIndicator uncached = new LeakyBucketHealthIndicator(counted,
					Map.of(this.table, TableLayout.BUCKETS), Duration.ofSeconds(2), Duration.ZERO, this.clock);
			uncached.health(true);
			uncached.health(true);
			assertThat(requests.count(DescribeTableRequest.class)).isEqualTo(2);
		}
	}

	@Test
	void reasonForAccessDeniedHoldsOnlyTheErrorCodeAndTable() {
		try (DynamoDbClient denied = DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(new AccessDenied()))
			.build()) {
			Health health = indicator(denied, this.table).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(tableDetails(health)).containsOnly(
					Map.entry("reason", "AccessDeniedException on table '" + this.table + "'"));
			assertThat(health.toString()).doesNotContain("123456789012").doesNotContain("arn:aws");
		}
	}

	@Test
	void warnsWhenTimeToLiveIsNotEnabled() {
		String plain = DynamoDbTestServer.uniqueTableName("no-ttl");
		this.client.createTable((request) -> request.tableName(plain)
			.keySchema(KeySchemaElement.builder().attributeName("name").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("name").attributeType(ScalarAttributeType.S).build())
			.billingMode("PAY_PER_REQUEST"));
		Health health = indicator(this.client, plain).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> details = tableDetails(health, plain);
		assertThat(details).containsEntry("timeToLive", false);
		assertThat((String) details.get("warning")).contains("'_ttl'");
	}

	@Test
	void downWhenDynamoDbIsUnreachable() {
		try (DynamoDbClient unreachable = DynamoDbTestServer.clientBuilder()
			.endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
			.build()) {
			Health health = indicator(unreachable, this.table).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			// SdkClientException or ApiCallTimeoutException, depending on how the connection fails.
			assertThat((String) tableDetails(health).get("reason"))
				.matches("[A-Za-z]+Exception on table '" + this.table + "'");
		}
	}

	private LeakyBucketHealthIndicator indicator(DynamoDbClient client, String table) {
		return new LeakyBucketHealthIndicator(client, Map.of(table, TableLayout.BUCKETS), Duration.ofSeconds(2),
				CHECK_INTERVAL, this.clock);
	}

	private Map<String, Object> tableDetails(Health health) {
		return tableDetails(health, this.table);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> tableDetails(Health health, String name) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("tables")).get(name);
	}

	/**
	 * Turns DynamoDB's answer into the one it gives a role without {@code dynamodb:DescribeTable}, whose message
	 * names the account and the role.
	 */
	static final class AccessDenied implements ExecutionInterceptor {

		@Override
		public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
				ExecutionAttributes attributes) {
			return context.httpResponse()
				.toBuilder()
				.statusCode(400)
				.statusText("Bad Request")
				.removeHeader("x-amz-crc32")
				.removeHeader("Content-Length")
				.putHeader("x-amzn-ErrorType", "AccessDeniedException")
				.build();
		}

		@Override
		public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
				ExecutionAttributes attributes) {
			String body = "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User: "
					+ "arn:aws:sts::123456789012:assumed-role/payments-prod/i-0abc is not authorized to perform: "
					+ "dynamodb:DescribeTable on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/x\"}";
			return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
		}

	}

}
