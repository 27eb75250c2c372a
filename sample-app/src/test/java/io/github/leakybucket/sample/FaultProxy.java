package io.github.leakybucket.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of DynamoDB Local that injects network and service faults, switched at run time. Switching
 * closes every open connection, so that connections pooled by the client before the switch do not bypass it.
 * <p>
 * A proxy rather than WireMock: the test needs DynamoDB's real answers before and after the fault (to check that
 * decisions are exact again), which a stub cannot give, and WireMock 3 runs on Jetty 11 while Boot's BOM manages
 * Jetty 12, which DynamoDB Local also needs.
 */
final class FaultProxy implements AutoCloseable {

	/**
	 * What the proxy does to each request.
	 */
	enum Fault {

		/** Forwards to DynamoDB Local. */
		NONE,

		/** Accepts the connection, reads the request, never answers. */
		BLACK_HOLE,

		/** Answers 500 with DynamoDB's InternalServerError body. */
		HTTP_500,

		/** Answers 400 with DynamoDB's ThrottlingException body. */
		THROTTLING,

		/** Reads the request, then resets the connection. */
		CONNECTION_RESET

	}

	private static final String JSON = "application/x-amz-json-1.0";

	private final ServerSocket server;

	private final int upstreamPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "fault-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Fault fault = Fault.NONE;

	FaultProxy(int upstreamPort) throws IOException {
		this.upstreamPort = upstreamPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.threads.execute(this::accept);
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	void inject(Fault fault) {
		this.fault = fault;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
	}

	void remove() {
		inject(Fault.NONE);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		inject(Fault.NONE);
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.open.add(client);
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			Fault fault = this.fault;
			switch (fault) {
				case NONE -> forward(client);
				case BLACK_HOLE -> client.getInputStream().transferTo(OutputStream.nullOutputStream());
				case CONNECTION_RESET -> {
					readRequest(client.getInputStream());
					client.setSoLinger(true, 0);
				}
				case HTTP_500 -> answer(client, "500 Internal Server Error",
						"{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
								+ "\"message\":\"Internal server error\"}");
				case THROTTLING -> answer(client, "400 Bad Request",
						"{\"__type\":\"com.amazon.coral.availability#ThrottlingException\","
								+ "\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
			}
		}
		catch (IOException ex) {
			// The client or the switch closed the connection.
		}
		finally {
			this.open.remove(client);
		}
	}

	private void forward(Socket client) throws IOException {
		try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.upstreamPort)) {
			this.open.add(upstream);
			try {
				this.threads.execute(() -> copy(upstream, client));
				client.getInputStream().transferTo(upstream.getOutputStream());
			}
			finally {
				this.open.remove(upstream);
			}
		}
	}

	private static void copy(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
		}
		catch (IOException ex) {
			// Closed on either side.
		}
		finally {
			closeQuietly(to);
		}
	}

	private static void answer(Socket client, String status, String body) throws IOException {
		InputStream in = client.getInputStream();
		OutputStream out = client.getOutputStream();
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		while (readRequest(in)) {
			String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + JSON + "\r\nx-amzn-RequestId: fault-proxy\r\n"
					+ "Content-Length: " + content.length + "\r\n\r\n";
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
		}
	}

	/**
	 * Reads one request: its head, then as many bytes as its {@code Content-Length} says.
	 * @return {@code false} if the connection ended before a request
	 */
	private static boolean readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return false;
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		long length = 0;
		for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		in.skipNBytes(length);
		return true;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
