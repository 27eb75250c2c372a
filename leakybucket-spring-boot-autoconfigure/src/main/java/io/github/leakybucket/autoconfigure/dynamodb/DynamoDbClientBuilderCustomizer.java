package io.github.leakybucket.autoconfigure.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Callback to customize the {@link DynamoDbClientBuilder} of the auto-configured client, applied in order after the
 * properties.
 */
@FunctionalInterface
public interface DynamoDbClientBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(DynamoDbClientBuilder builder);

}
