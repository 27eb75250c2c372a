package io.github.leakybucket.autoconfigure.dynamodb;

import java.net.URI;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where the DynamoDB client connects. Defaults to {@code leakybucket.dynamodb.*}; a bean of this type, such as one
 * from a Testcontainers {@code @ServiceConnection}, replaces them.
 */
public interface DynamoDbConnectionDetails extends ConnectionDetails {

	/**
	 * Returns the endpoint override.
	 * @return the endpoint, or {@code null} for the region's AWS endpoint
	 */
	URI getEndpoint();

	/**
	 * Returns the region.
	 * @return the region, or {@code null} for the SDK's default region provider chain
	 */
	Region getRegion();

	/**
	 * Returns the credentials.
	 * @return the credentials provider, or {@code null} for the SDK's default chain
	 */
	AwsCredentialsProvider getCredentialsProvider();

}
