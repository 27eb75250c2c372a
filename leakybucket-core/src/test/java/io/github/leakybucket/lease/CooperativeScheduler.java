package io.github.leakybucket.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;

/**
 * Simulated time for blocking code: each simulated process runs on a thread of its own, but only one thread runs
 * at a time. A process runs until it sleeps (in simulated time) or ends, and the scheduler then runs the next event
 * in time order, in scheduling order at equal times. So real lease code, which blocks and sleeps, runs unchanged,
 * and a seed fixes every interleaving.
 */
final class CooperativeScheduler {

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private final Semaphore schedulerTurn = new Semaphore(0);

	private final ThreadLocal<Process> current = new ThreadLocal<>();

	private final List<Process> processes = new ArrayList<>();

	private volatile boolean stopping;

	private long now;

	private long sequence;

	long now() {
		return this.now;
	}

	/** Schedules a task to run on the scheduler's thread; it must not sleep. */
	void schedule(long delayNanos, Runnable task) {
		this.events.add(new Event(this.now + Math.max(0, delayNanos), this.sequence++, task));
	}

	/** Starts a process after a delay. */
	void spawn(String name, long delayNanos, Runnable body) {
		Process process = new Process(name);
		Thread thread = new Thread(() -> {
			this.current.set(process);
			process.turn.acquireUninterruptibly();
			try {
				if (!this.stopping) {
					body.run();
				}
			}
			catch (Stopped ex) {
				// the simulation ended while the process slept
			}
			catch (Throwable ex) {
				process.failure = ex;
			}
			finally {
				process.done = true;
				this.schedulerTurn.release();
			}
		}, name);
		thread.setDaemon(true);
		this.processes.add(process);
		thread.start();
		schedule(delayNanos, () -> resume(process));
	}

	/** Called by a process: lets simulated time pass for it. */
	void sleep(long nanos) {
		Process process = this.current.get();
		if (process == null) {
			throw new IllegalStateException("sleep outside a simulated process");
		}
		if (this.stopping) {
			throw new Stopped();
		}
		schedule(nanos, () -> resume(process));
		this.schedulerTurn.release();
		process.turn.acquireUninterruptibly();
		if (this.stopping) {
			throw new Stopped();
		}
	}

	/** Runs events up to the limit, then ends every process still sleeping. */
	void run(long limit) {
		while (!this.events.isEmpty() && this.events.peek().at() <= limit) {
			Event event = this.events.poll();
			this.now = event.at();
			event.task().run();
		}
		this.stopping = true;
		for (Process process : this.processes) {
			if (!process.done) {
				resume(process);
			}
		}
	}

	/** Returns the first failure a process ended with, if any. */
	Throwable failure() {
		for (Process process : this.processes) {
			if (process.failure != null) {
				return process.failure;
			}
		}
		return null;
	}

	private void resume(Process process) {
		process.turn.release();
		this.schedulerTurn.acquireUninterruptibly();
	}

	private static final class Process {

		final String name;

		final Semaphore turn = new Semaphore(0);

		volatile boolean done;

		volatile Throwable failure;

		Process(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** Unwinds a sleeping process when the simulation ends; an error, so that no catch of exceptions stops it. */
	static final class Stopped extends Error {

		private static final long serialVersionUID = 1L;

		Stopped() {
			super(null, null, false, false);
		}

	}

	private record Event(long at, long sequence, Runnable task) implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
