package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An in-memory DynamoDB Local on a loopback port, with a Jetty handler in front of DynamoDB Local's own that counts
 * every HTTP request by its {@code X-Amz-Target} operation, and the 4xx answers. Counting on the server sees every
 * client the same way, whatever its SDK, and adds no network hop. The same handler can hold every request for an
 * injected round trip before DynamoDB Local sees it, so that every client sees the same distance to the server.
 */
final class CountingDynamoDbLocal implements AutoCloseable {

	private static final String TARGET_HEADER = "X-Amz-Target";

	private final DynamoDBProxyServer server;

	private final int port;

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

	private final Recorder injected = new Recorder(Duration.ofSeconds(10).toNanos(), 3);

	private volatile long roundTripNanos;

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

	/**
	 * Holds every request from now on for this long before DynamoDB Local handles it; zero for none.
	 */
	void roundTrip(Duration roundTrip) {
		this.roundTripNanos = roundTrip.toNanos();
		this.injected.reset();
	}

	Duration roundTrip() {
		return Duration.ofNanos(this.roundTripNanos);
	}

	/**
	 * Returns the delays actually injected since the last call (or since {@link #roundTrip(Duration)}), in
	 * nanoseconds.
	 */
	Histogram injectedDelays() {
		return this.injected.getIntervalHistogram();
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
			hold();
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

		/**
		 * Parks this server thread for the round trip: the request reaches DynamoDB Local that much later, whichever
		 * client sent it. {@code parkNanos} may wake early, so it parks again until the time is up.
		 */
		private void hold() {
			long delay = CountingDynamoDbLocal.this.roundTripNanos;
			if (delay <= 0) {
				return;
			}
			long start = System.nanoTime();
			long deadline = start + delay;
			for (long left = delay; left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
			CountingDynamoDbLocal.this.injected.recordValue(System.nanoTime() - start);
		}

	}

}
