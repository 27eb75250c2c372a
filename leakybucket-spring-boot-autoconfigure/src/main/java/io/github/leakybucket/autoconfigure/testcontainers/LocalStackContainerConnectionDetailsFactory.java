package io.github.leakybucket.autoconfigure.testcontainers;

import java.net.URI;

import org.testcontainers.localstack.LocalStackContainer;

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
 * {@link ServiceConnection @ServiceConnection}-annotated {@link LocalStackContainer}: its endpoint, region and
 * credentials. Restrict a LocalStack container that serves other connections as well with
 * {@code @ServiceConnection(type = DynamoDbConnectionDetails.class)} or the other types it should supply.
 */
class LocalStackContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<LocalStackContainer, DynamoDbConnectionDetails> {

	LocalStackContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.localstack.LocalStackContainer");
	}

	@Override
	protected DynamoDbConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<LocalStackContainer> source) {
		return new LocalStackContainerConnectionDetails(source);
	}

	/**
	 * {@link DynamoDbConnectionDetails} backed by a {@link ContainerConnectionSource}.
	 */
	private static final class LocalStackContainerConnectionDetails
			extends ContainerConnectionDetails<LocalStackContainer> implements DynamoDbConnectionDetails {

		private LocalStackContainerConnectionDetails(ContainerConnectionSource<LocalStackContainer> source) {
			super(source);
		}

		@Override
		public URI getEndpoint() {
			return getContainer().getEndpoint();
		}

		@Override
		public Region getRegion() {
			return Region.of(getContainer().getRegion());
		}

		@Override
		public AwsCredentialsProvider getCredentialsProvider() {
			LocalStackContainer container = getContainer();
			return StaticCredentialsProvider
				.create(AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
		}

	}

}
