package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * An in-memory DynamoDB Local on a loopback port, with a Jetty handler in front of DynamoDB Local's own that counts
 * every HTTP request by its {@code X-Amz-Target} operation, and the 4xx answers. Counting on the server sees every
 * client the same way, whatever its SDK, and adds no network hop.
 */
final class CountingDynamoDbLocal implements AutoCloseable {

	private static final String TARGET_HEADER = "X-Amz-Target";

	private final DynamoDBProxyServer server;

	private final int port;

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

	private CountingDynamoDbLocal(int port) throws Exception {
		this.port = port;
		this.server = ServerRunner.createServerFromCommandLineArgs(
				new String[] { "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port) });
		Server jetty = jettyOf(this.server);
		for (var connector : jetty.getConnectors()) {
			if (connector instanceof AbstractNetworkConnector network) {
				network.setHost("127.0.0.1");
			}
		}
		jetty.setHandler(new CountingHandler(jetty.getHandler()));
	}

	static CountingDynamoDbLocal start() throws Exception {
		if (System.getProperty("sqlite4java.library.path") == null) {
			throw new IllegalStateException("Set -Dsqlite4java.library.path to a directory holding "
					+ "libsqlite4java-linux-amd64.so; the Maven build copies it to benchmarks/target/native");
		}
		CountingDynamoDbLocal local = new CountingDynamoDbLocal(freeLoopbackPort());
		local.server.start();
		return local;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	RequestCounts counts() {
		return new RequestCounts(snapshot(this.requests), snapshot(this.failed));
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

	private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
		Map<String, Long> snapshot = new java.util.TreeMap<>();
		counters.forEach((operation, count) -> snapshot.put(operation, count.sum()));
		return snapshot;
	}

	/**
	 * DynamoDB Local keeps its Jetty server in a private field and offers no hook for a handler.
	 */
	private static Server jettyOf(DynamoDBProxyServer server) throws ReflectiveOperationException {
		Field field = DynamoDBProxyServer.class.getDeclaredField("server");
		field.setAccessible(true);
		return (Server) field.get(server);
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private final class CountingHandler extends Handler.Wrapper {

		CountingHandler(Handler handler) {
			super(handler);
		}

		@Override
		public boolean handle(Request request, Response response, Callback callback) throws Exception {
			String target = request.getHeaders().get(TARGET_HEADER);
			String operation = (target != null) ? target.substring(target.indexOf('.') + 1) : "(none)";
			CountingDynamoDbLocal.this.requests.computeIfAbsent(operation, (key) -> new LongAdder()).increment();
			return super.handle(request, response, new Callback.Nested(callback) {

				@Override
				public void succeeded() {
					int status = response.getStatus();
					if (status >= 400 && status < 500) {
						CountingDynamoDbLocal.this.failed.computeIfAbsent(operation, (key) -> new LongAdder())
							.increment();
					}
					super.succeeded();
				}

			});
		}

	}

}
