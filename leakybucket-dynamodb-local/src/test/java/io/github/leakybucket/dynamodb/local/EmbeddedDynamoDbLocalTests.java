package io.github.leakybucket.dynamodb.local;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedDynamoDbLocalTests {

	private static EmbeddedDynamoDbLocal server;

	@BeforeAll
	static void start() {
		server = EmbeddedDynamoDbLocal.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void answersOnLoopbackWithTheNativeLibraryFromThisModule() {
		assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
		try (DynamoDbClient client = server.createClient()) {
			assertThat(client.listTables().tableNames()).isNotNull();
		}
	}

	@Test
	void isNotReachableOnOtherInterfaces() {
		Optional<InetAddress> external = nonLoopbackAddress();
		assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address");
		assertThat(accepts(new InetSocketAddress(external.get(), server.port()))).isFalse();
		assertThat(accepts(new InetSocketAddress("127.0.0.1", server.port()))).isTrue();
	}

	@Test
	void connectorsThatCannotBeBoundToLoopbackFailInsteadOfListeningEverywhere() {
		assertThatIllegalStateException()
			.isThrownBy(() -> EmbeddedDynamoDbLocal.bindConnectorsToLoopback(new Object()))
			.withMessageContaining("Could not restrict DynamoDB Local to the loopback interface")
			.withMessageContaining("not started");
	}

	private static Optional<InetAddress> nonLoopbackAddress() {
		try {
			return Collections.list(NetworkInterface.getNetworkInterfaces())
				.stream()
				.flatMap((network) -> Collections.list(network.getInetAddresses()).stream())
				.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
				.findFirst();
		}
		catch (SocketException ex) {
			return Optional.empty();
		}
	}

	private static boolean accepts(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
