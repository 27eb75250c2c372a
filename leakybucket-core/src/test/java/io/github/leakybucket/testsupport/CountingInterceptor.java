package io.github.leakybucket.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Counts the requests a client makes, by operation, to check what each decision costs. Add it with
 * {@link #client()} or {@code overrideConfiguration((c) -> c.addExecutionInterceptor(counter))}. Each API call is
 * counted once, however many HTTP attempts it took.
 */
public final class CountingInterceptor implements ExecutionInterceptor {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	/**
	 * Returns a client on the DynamoDB under test that counts with this interceptor and does not retry.
	 * @return a client; the caller closes it
	 */
	public DynamoDbClient client() {
		return DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(this).retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		SdkRequest request = context.request();
		this.counts.computeIfAbsent(request.getClass().getSimpleName(), (name) -> new LongAdder()).increment();
	}

	/**
	 * Returns how many requests were made.
	 * @return the count of all operations
	 */
	public long total() {
		return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Returns how many requests of one operation were made.
	 * @param requestType the request class, such as {@code UpdateItemRequest.class}
	 * @return the count
	 */
	public long count(Class<? extends SdkRequest> requestType) {
		LongAdder count = this.counts.get(requestType.getSimpleName());
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Forgets all counts.
	 */
	public void reset() {
		this.counts.clear();
	}

}
