package io.github.leakybucket.testsupport;

import java.net.URI;
import java.util.UUID;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The real DynamoDB that storage tests run against: whatever {@code AWS_DYNAMO_ENDPOINT} points at (the convention
 * of Clever's leakybucket tests), or else one DynamoDB Local server started in this JVM on first use and stopped
 * when the JVM exits.
 */
public final class DynamoDbTestServer {

	/** Environment variable naming an external DynamoDB endpoint. */
	public static final String ENDPOINT_VARIABLE = "AWS_DYNAMO_ENDPOINT";

	private static EmbeddedDynamoDbLocal embedded;

	private DynamoDbTestServer() {
	}

	/**
	 * Returns the endpoint of the DynamoDB under test, starting the embedded server if needed.
	 * @return the endpoint
	 */
	public static synchronized URI endpoint() {
		String external = System.getenv(ENDPOINT_VARIABLE);
		if (external != null && !external.isBlank()) {
			return URI.create(external);
		}
		if (embedded == null) {
			embedded = EmbeddedDynamoDbLocal.start();
			EmbeddedDynamoDbLocal started = embedded;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynamodb-local-shutdown"));
		}
		return embedded.endpoint();
	}

	/**
	 * Returns whether tests run against an external endpoint rather than the embedded server.
	 * @return {@code true} if {@code AWS_DYNAMO_ENDPOINT} is set
	 */
	public static boolean isExternal() {
		String external = System.getenv(ENDPOINT_VARIABLE);
		return external != null && !external.isBlank();
	}

	/**
	 * Returns a client builder pointed at the DynamoDB under test.
	 * @return a builder with endpoint, region and credentials set
	 */
	public static DynamoDbClientBuilder clientBuilder() {
		return DynamoDbClient.builder().endpointOverride(endpoint()).region(region()).credentialsProvider(credentials());
	}

	/**
	 * Returns an asynchronous client builder pointed at the DynamoDB under test.
	 * @return a builder with endpoint, region and credentials set
	 */
	public static DynamoDbAsyncClientBuilder asyncClientBuilder() {
		return DynamoDbAsyncClient.builder()
			.endpointOverride(endpoint())
			.region(region())
			.credentialsProvider(credentials());
	}

	/**
	 * Returns a new client pointed at the DynamoDB under test.
	 * @return a client; the caller closes it
	 */
	public static DynamoDbClient client() {
		return clientBuilder().build();
	}

	/**
	 * Returns a table name no other test uses.
	 * @param prefix a readable prefix
	 * @return a unique table name
	 */
	public static String uniqueTableName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static Region region() {
		String region = System.getenv("AWS_REGION");
		return (region != null && isExternal()) ? Region.of(region) : EmbeddedDynamoDbLocal.REGION;
	}

	private static AwsCredentialsProvider credentials() {
		return isExternal() && System.getenv("AWS_ACCESS_KEY_ID") != null ? DefaultCredentialsProvider.builder().build()
				: EmbeddedDynamoDbLocal.dummyCredentials();
	}

}
