package io.github.leakybucket.autoconfigure.testcontainers;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the connection details factories are registered where Boot's Testcontainers support finds them.
 */
class ConnectionDetailsFactoriesRegistrationTests {

	@Test
	void factoriesAreRegisteredInSpringFactories() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ConnectionDetailsFactory.class))
			.hasAtLeastOneElementOfType(DynamoDbLocalContainerConnectionDetailsFactory.class)
			.hasAtLeastOneElementOfType(LocalStackContainerConnectionDetailsFactory.class);
	}

}
