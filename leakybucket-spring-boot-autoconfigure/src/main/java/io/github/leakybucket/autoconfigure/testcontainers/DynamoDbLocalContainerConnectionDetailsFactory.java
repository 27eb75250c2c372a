package io.github.leakybucket.autoconfigure.testcontainers;

import java.net.URI;
import java.util.List;

import org.testcontainers.containers.Container;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbConnectionDetails;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@link ContainerConnectionDetailsFactory} to create {@link DynamoDbConnectionDetails} from a
 * {@link ServiceConnection @ServiceConnection}-annotated container running Amazon's DynamoDB Local image,
 * {@code amazon/dynamodb-local} (or its ECR twin {@code aws-dynamodb-local/aws-dynamodb-local}), which listens on
 * port 8000. DynamoDB Local accepts any region and credentials, and keeps one database per pair unless started with
 * {@code -sharedDb}; these are fixed, so every context connected to the container sees the same tables.
 */
class DynamoDbLocalContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, DynamoDbConnectionDetails> {

	static final int PORT = 8000;

	static final Region REGION = Region.US_EAST_1;

	private static final String CREDENTIAL = "leakybucket";

	DynamoDbLocalContainerConnectionDetailsFactory() {
		super(List.of("amazon/dynamodb-local", "aws-dynamodb-local/aws-dynamodb-local"));
	}

	@Override
	protected DynamoDbConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new DynamoDbLocalContainerConnectionDetails(source);
	}

	/**
	 * {@link DynamoDbConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	private static final class DynamoDbLocalContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements DynamoDbConnectionDetails {

		private DynamoDbLocalContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public URI getEndpoint() {
			Container<?> container = getContainer();
			return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT));
		}

		@Override
		public Region getRegion() {
			return REGION;
		}

		@Override
		public AwsCredentialsProvider getCredentialsProvider() {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create(CREDENTIAL, CREDENTIAL));
		}

	}

}
