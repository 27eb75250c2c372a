/**
 * Testcontainers support: {@code @ServiceConnection} on a DynamoDB Local or LocalStack container supplies the
 * {@link io.github.leakybucket.autoconfigure.dynamodb.DynamoDbConnectionDetails}. Used only when
 * {@code spring-boot-testcontainers} is on the class path.
 */
package io.github.leakybucket.autoconfigure.testcontainers;
