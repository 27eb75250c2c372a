package io.github.leakybucket.lease;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import io.github.leakybucket.kv.FencingToken;

/**
 * A lease held by this process: granted for a name and a duration, with a fencing token. Pass
 * {@link #token()} to every write to the protected resource, such as
 * {@link io.github.leakybucket.kv.KeyValueStore#putFenced(String, byte[], FencingToken)}: checking
 * {@link #isHeld()} first narrows the window in which a stale holder acts, but only the token closes it.
 * <p>
 * The lease is held until its deadline, <em>start + duration − safety margin</em> on the monotonic clock, where
 * start is when the request that granted or last renewed it was sent; until it is released; or until a renewal
 * finds it taken over. Thread-safe. {@link #close()} releases it.
 */
public interface Lease extends AutoCloseable {

	/**
	 * Returns the lease name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the owner this grant was written with, unique to the grant attempt.
	 * @return the owner
	 */
	String owner();

	/**
	 * Returns the fencing token of this grant.
	 * @return the token, carrying the lease name
	 */
	FencingToken token();

	/**
	 * Returns the duration the lease was granted for.
	 * @return the duration
	 */
	Duration duration();

	/**
	 * Returns whether the lease is still held: its deadline has not passed, and it was neither released nor found
	 * taken over. Makes no request.
	 * @return {@code true} if held
	 */
	boolean isHeld();

	/**
	 * Returns how long the lease is still held, by the monotonic clock. Makes no request.
	 * @return the time left, zero if no longer held
	 */
	Duration remaining();

	/**
	 * Throws unless the lease is still held. Makes no request.
	 * @throws LeaseLostException if the lease is no longer held
	 */
	void checkHeld();

	/**
	 * Extends the lease by its duration from now, with one conditional write on owner, token and version. A
	 * renewal after the deadline writes nothing: the lease is lost, even if nobody took it over yet. A renewal whose
	 * outcome stays unknown (a timeout, then a failed read-back) throws the storage's exception and leaves the
	 * deadline as it was; the next renewal reads the row first.
	 * @throws LeaseLostException if the lease is no longer held, was taken over, or the renewal was answered after
	 * its new deadline
	 */
	void renew();

	/**
	 * Releases the lease with one conditional write on owner and token, marking the row released so that the next
	 * grant gets the next token at once. A holder whose lease was taken over changes nothing.
	 * @return {@code true} if this call released the lease, {@code false} if it was already released or taken
	 * over
	 */
	boolean release();

	/**
	 * Renews the lease in the background every {@code interval} until it is released or lost; a renewal that
	 * fails its condition, or is refused, stops the heartbeat and the lease is lost. A renewal that fails with an
	 * error is tried again at the next tick; the lease stays held until its deadline at most.
	 * <p>
	 * Risks: a heartbeat keeps the lease of a stuck process (a deadlock, an endless loop) alive for ever, so
	 * nobody else ever takes over; and a GC pause stops the heartbeat along with the work, so the lease can still be
	 * lost, which only fencing makes safe. Prefer short leases renewed by the work itself when the work can.
	 * @param scheduler where renewals run; it stays the caller's to shut down
	 * @param interval the time between renewals, positive and shorter than the duration minus the safety margin
	 * @throws IllegalArgumentException if the interval is not positive or is too long to keep the lease
	 * @throws IllegalStateException if a heartbeat is already running
	 */
	void startHeartbeat(ScheduledExecutorService scheduler, Duration interval);

	/**
	 * Releases the lease, as {@link #release()}.
	 */
	@Override
	void close();

}
