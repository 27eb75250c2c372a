package io.github.leakybucket.testsupport;

import java.time.Duration;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds back every attempt of one operation before it is sent, to stand in for a DynamoDB that is slow to answer
 * it (a fault, injected into a real client). Add it with
 * {@code overrideConfiguration((c) -> c.addExecutionInterceptor(interceptor))}.
 */
public final class DelayingInterceptor implements ExecutionInterceptor {

	private final Class<? extends SdkRequest> requestType;

	private final Duration delay;

	/**
	 * Creates an interceptor.
	 * @param requestType the operation to slow down, such as {@code CreateTableRequest.class}
	 * @param delay how long each attempt of it is held back
	 */
	public DelayingInterceptor(Class<? extends SdkRequest> requestType, Duration delay) {
		this.requestType = requestType;
		this.delay = delay;
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		if (this.requestType.isInstance(context.request())) {
			try {
				Thread.sleep(this.delay.toMillis());
			}
			catch (InterruptedException ex) {
				// The SDK interrupts an attempt that runs out of time: let it fail as a timeout.
				Thread.currentThread().interrupt();
			}
		}
	}

}
