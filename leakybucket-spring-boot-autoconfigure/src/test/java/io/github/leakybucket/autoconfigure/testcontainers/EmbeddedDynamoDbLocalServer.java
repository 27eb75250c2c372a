package io.github.leakybucket.autoconfigure.testcontainers;

import java.net.URI;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;

/**
 * DynamoDB Local in this JVM, started and stopped on demand, standing in for the server in a container.
 */
final class EmbeddedDynamoDbLocalServer {

	private EmbeddedDynamoDbLocal server;

	synchronized void start() {
		if (this.server == null) {
			this.server = EmbeddedDynamoDbLocal.start();
		}
	}

	synchronized void stop() {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	synchronized URI endpoint() {
		if (this.server == null) {
			throw new IllegalStateException("The server is not started");
		}
		return this.server.endpoint();
	}

}
