package io.github.leakybucket.testsupport;

import java.util.concurrent.Semaphore;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets a client run one request at a time, modelling DynamoDB's guarantee that conditional writes to one item are
 * serialized.
 * <p>
 * DynamoDB Local 2.6.1 does not keep that guarantee under load: with several threads sending conditional
 * {@code SET tat = tat + :cost} updates to one item, two calls were seen to succeed and return the same
 * {@code UPDATED_NEW} value, a lost update that no limiter built on conditional writes can survive. Tests that check
 * a handle's own thread safety run their threads through this, so they test the handle, not the emulator.
 */
public final class SerializingInterceptor implements ExecutionInterceptor {

	private final Semaphore permit = new Semaphore(1);

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		this.permit.acquireUninterruptibly();
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		this.permit.release();
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
		this.permit.release();
	}

}
