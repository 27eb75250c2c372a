package io.github.leakybucket.dynamodb.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Amazon's DynamoDB Local, run in this JVM on a free loopback port, for development and tests.
 * <p>
 * It is started with telemetry disabled, in memory unless a database directory is given, and is stopped by
 * {@link #close()}. Needs {@code com.amazonaws:DynamoDBLocal} on the class path.
 */
public final class EmbeddedDynamoDbLocal implements AutoCloseable {

	/** Region that clients of the embedded server use; DynamoDB Local accepts any. */
	public static final Region REGION = Region.US_EAST_1;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDynamoDbLocal.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	private final DynamoDBProxyServer server;

	private final int port;

	private EmbeddedDynamoDbLocal(DynamoDBProxyServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts an in-memory server.
	 * @return the running server
	 */
	public static EmbeddedDynamoDbLocal start() {
		return start(null);
	}

	/**
	 * Starts a server.
	 * @param databaseDirectory directory to keep the database file in, or {@code null} to keep it in memory
	 * @return the running server
	 */
	public static EmbeddedDynamoDbLocal start(Path databaseDirectory) {
		Sqlite4javaNativeLibrary.install();
		long started = System.nanoTime();
		int port = freeLoopbackPort();
		List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-port", Integer.toString(port)));
		if (databaseDirectory == null) {
			args.add("-inMemory");
		}
		else {
			args.add("-dbPath");
			args.add(databaseDirectory.toAbsolutePath().toString());
		}
		try {
			DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
			bindToLoopback(server);
			server.start();
			EmbeddedDynamoDbLocal embedded = new EmbeddedDynamoDbLocal(server, port);
			embedded.awaitReady();
			logger.info("Started DynamoDB Local on {} in {} ms", embedded.endpoint(),
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			return embedded;
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start DynamoDB Local on port " + port, ex);
		}
	}

	/**
	 * Returns the endpoint to point a client at.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Creates a client for this server with dummy credentials.
	 * @return a new client; the caller closes it
	 */
	public DynamoDbClient createClient() {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint())
			.region(REGION)
			.credentialsProvider(dummyCredentials())
			.build();
	}

	/**
	 * Returns credentials that DynamoDB Local accepts.
	 * @return static dummy credentials
	 */
	public static StaticCredentialsProvider dummyCredentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("leakybucket", "leakybucket"));
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop DynamoDB Local on port " + this.port, ex);
		}
	}

	private void awaitReady() {
		try (DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(endpoint())
			.region(REGION)
			.credentialsProvider(dummyCredentials())
			.overrideConfiguration((c) -> c.apiCallTimeout(READY_TIMEOUT))
			.build()) {
			client.listTables();
		}
		catch (SdkException ex) {
			close();
			throw new IllegalStateException("DynamoDB Local did not answer within " + READY_TIMEOUT.toSeconds()
					+ " s. Check that " + Sqlite4javaNativeLibrary.LIBRARY_PATH_PROPERTY + "="
					+ System.getProperty(Sqlite4javaNativeLibrary.LIBRARY_PATH_PROPERTY)
					+ " holds a sqlite4java native library for this platform.", ex);
		}
	}

	/**
	 * DynamoDB Local has no option for its listen address and listens on every interface. Narrow its connectors to
	 * loopback so that a development server is never reachable from the network.
	 */
	private static void bindToLoopback(DynamoDBProxyServer server) {
		Object jetty;
		try {
			Field field = DynamoDBProxyServer.class.getDeclaredField("server");
			field.setAccessible(true);
			jetty = field.get(server);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw loopbackFailure(ex);
		}
		bindConnectorsToLoopback(jetty);
	}

	/**
	 * Sets the host of each connector of a Jetty server to {@code 127.0.0.1}.
	 * @param jetty the Jetty {@code Server} inside DynamoDB Local
	 * @throws IllegalStateException if that cannot be done, rather than let the server listen on every interface
	 */
	static void bindConnectorsToLoopback(Object jetty) {
		try {
			Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
			for (Object connector : connectors) {
				connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw loopbackFailure(ex);
		}
	}

	private static IllegalStateException loopbackFailure(Exception cause) {
		return new IllegalStateException("Could not restrict DynamoDB Local to the loopback interface, so it was not "
				+ "started: it would listen on every interface. This DynamoDB Local version may not be supported; "
				+ "use com.amazonaws:DynamoDBLocal 2.6.x.", cause);
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free loopback port for DynamoDB Local", ex);
		}
	}

}
