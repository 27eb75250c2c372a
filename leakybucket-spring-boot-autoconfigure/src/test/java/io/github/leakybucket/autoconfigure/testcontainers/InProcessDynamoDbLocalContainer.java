package io.github.leakybucket.autoconfigure.testcontainers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A container of the {@code amazon/dynamodb-local} image that runs no container: {@link #start()} starts the real
 * DynamoDB Local in this JVM, and the host and the port mapped for 8000 are those of that server. It lets the
 * {@code @ServiceConnection} path run where there is no Docker.
 */
class InProcessDynamoDbLocalContainer extends GenericContainer<InProcessDynamoDbLocalContainer> {

	private static final String IMAGE = "amazon/dynamodb-local:2.6.1";

	private final EmbeddedDynamoDbLocalServer server = new EmbeddedDynamoDbLocalServer();

	InProcessDynamoDbLocalContainer() {
		super(DockerImageName.parse(IMAGE));
	}

	@Override
	public String getDockerImageName() {
		return IMAGE;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public String getHost() {
		return this.server.endpoint().getHost();
	}

	@Override
	public Integer getMappedPort(int originalPort) {
		if (originalPort != DynamoDbLocalContainerConnectionDetailsFactory.PORT) {
			throw new IllegalArgumentException("Only port 8000 is exposed, not " + originalPort);
		}
		return this.server.endpoint().getPort();
	}

}
