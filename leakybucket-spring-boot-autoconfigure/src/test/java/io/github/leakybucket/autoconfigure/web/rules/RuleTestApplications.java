package io.github.leakybucket.autoconfigure.web.rules;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.leakybucket.testsupport.DynamoDbTestServer;

/**
 * What the rule tests of both web stacks share: the buckets and rules on DynamoDB Local, and a plain HTTP client.
 */
final class RuleTestApplications {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private RuleTestApplications() {
	}

	/**
	 * Returns the properties of an application with the rules under test.
	 * @param name a prefix for the application's tables
	 * @param extra further properties
	 * @return the properties
	 */
	static String[] properties(String name, String... extra) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"leakybucket.dynamodb.endpoint=" + DynamoDbTestServer.endpoint(), "leakybucket.dynamodb.region=us-east-1",
				"leakybucket.dynamodb.credentials.access-key=leakybucket",
				"leakybucket.dynamodb.credentials.secret-key=leakybucket", "leakybucket.dynamodb.create-tables=true",
				"leakybucket.dynamodb.embedded.enabled=false",
				"leakybucket.dynamodb.tables.buckets=" + DynamoDbTestServer.uniqueTableName(name),
				"leakybucket.dynamodb.tables.kv=" + DynamoDbTestServer.uniqueTableName(name + "-kv"),
				"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
				"leakybucket.buckets.small.capacity=2", "leakybucket.buckets.small.drain-time=1h",
				"leakybucket.buckets.burst.capacity=2", "leakybucket.buckets.burst.drain-time=10s",
				"leakybucket.buckets.daily.capacity=5", "leakybucket.buckets.daily.drain-time=1h",
				"leakybucket.buckets.shared.capacity=2", "leakybucket.buckets.shared.drain-time=1h",
				"leakybucket.buckets.secured.capacity=2", "leakybucket.buckets.secured.drain-time=1h",
				"leakybucket.buckets.annotated.capacity=5", "leakybucket.buckets.annotated.drain-time=1h",
				"management.endpoints.web.exposure.include=leakybuckets"));
		rule(properties, 0, "/header/**", "small", "header:X-Api-Key");
		rule(properties, 1, "/param/**", "small", "param:user");
		rule(properties, 2, "/ip/**", "small", "ip");
		rule(properties, 3, "/me/**", "small", "principal");
		rule(properties, 4, "/spel/**", "small", "#request.header('X-Tenant')?.toLowerCase()");
		rule(properties, 5, "/skip/**", "small", "header:X-Api-Key");
		properties.add("leakybucket.rules[5].skip=#request.header('X-Internal') == 'yes'");
		rule(properties, 6, "/strict/**", "small", "header:X-Api-Key");
		properties.add("leakybucket.rules[6].missing-key=reject");
		rule(properties, 7, "/multi/**", "burst", "header:X-Api-Key");
		rule(properties, 8, "/multi/**", "daily", "header:X-Api-Key");
		properties.add("leakybucket.rules[9].paths=/shared/**");
		properties.add("leakybucket.rules[9].methods=post");
		properties.add("leakybucket.rules[9].bucket=shared");
		properties.add("leakybucket.rules[10].paths=/secured/**");
		properties.add("leakybucket.rules[10].bucket=secured");
		rule(properties, 11, "/annotated/**", "small", "header:X-Api-Key");
		properties.addAll(List.of(extra));
		return properties.toArray(String[]::new);
	}

	private static void rule(List<String> properties, int index, String path, String bucket, String key) {
		properties.add("leakybucket.rules[" + index + "].paths=" + path);
		properties.add("leakybucket.rules[" + index + "].bucket=" + bucket);
		properties.add("leakybucket.rules[" + index + "].key=" + key);
	}

	/**
	 * Sends a request.
	 * @param port the server's port
	 * @param method the method
	 * @param path the path and query
	 * @param headers header names and values, alternating
	 * @return the response
	 */
	static HttpResponse<String> send(int port, String method, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns a basic authorization header value.
	 * @param user the user, whose password is {@code pw}
	 * @return the value
	 */
	static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
	}

}
