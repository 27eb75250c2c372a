package io.github.leakybucket.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Injects faults into a client's {@code UpdateItem} requests, the only way tests touch a real DynamoDB's answers:
 * hold a write on the wire until released, run another writer's request just before it, or throw instead of sending
 * it. Each fault is armed by the test and applies to the writes that follow.
 */
public final class WriteFaults implements ExecutionInterceptor {

	private final AtomicInteger holds = new AtomicInteger();

	private volatile CountDownLatch release = new CountDownLatch(0);

	private volatile CountDownLatch held = new CountDownLatch(0);

	private final List<Thread> holding = new CopyOnWriteArrayList<>();

	private volatile Runnable before;

	private volatile Supplier<? extends Throwable> failure;

	/**
	 * Holds the next write when it is about to be sent, until {@link #release()}, as a slow DynamoDB would. The
	 * holding thread keeps waiting when interrupted, as a thread blocked in socket I/O does, and keeps its interrupt.
	 */
	public void holdNextWrite() {
		this.release = new CountDownLatch(1);
		this.held = new CountDownLatch(1);
		this.holds.set(1);
	}

	/**
	 * Waits until the write armed by {@link #holdNextWrite()} is held.
	 * @return the thread whose write is held
	 * @throws InterruptedException if interrupted
	 */
	public Thread awaitHeld() throws InterruptedException {
		if (!this.held.await(10, TimeUnit.SECONDS)) {
			throw new AssertionError("no write was held within 10 s");
		}
		return this.holding.get(this.holding.size() - 1);
	}

	/** Lets the held write go, and holds the next one. */
	public void releaseAndHoldNextWrite() {
		CountDownLatch held = this.release;
		holdNextWrite();
		held.countDown();
	}

	/** Lets the held write go. */
	public void release() {
		this.release.countDown();
	}

	/**
	 * Runs an action before each following write is sent, on the writing thread: another process writing first.
	 * @param action the action, or {@code null} for none
	 */
	public void beforeEachWrite(Runnable action) {
		this.before = action;
	}

	/**
	 * Throws instead of sending each following write.
	 * @param failure makes the throwable, an unchecked exception or an error; {@code null} to send writes again
	 */
	public void failWrites(Supplier<? extends Throwable> failure) {
		this.failure = failure;
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		if (!(context.request() instanceof UpdateItemRequest)) {
			return;
		}
		Supplier<? extends Throwable> failure = this.failure;
		if (failure != null) {
			Throwable thrown = failure.get();
			if (thrown instanceof Error error) {
				throw error;
			}
			throw (RuntimeException) thrown;
		}
		Runnable before = this.before;
		if (before != null) {
			before.run();
		}
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		if (context.request() instanceof UpdateItemRequest && this.holds.compareAndSet(1, 0)) {
			this.holding.add(Thread.currentThread());
			this.held.countDown();
			awaitUninterruptibly(this.release);
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		try {
			while (true) {
				try {
					latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
