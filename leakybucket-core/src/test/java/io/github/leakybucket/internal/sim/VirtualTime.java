package io.github.leakybucket.internal.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: a queue of events run one at a time, in time order, and in scheduling order at equal times. All
 * of a simulation runs on one thread, so a seed fixes every interleaving.
 */
final class VirtualTime {

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private long now;

	private long sequence;

	long now() {
		return this.now;
	}

	void schedule(long delayNanos, Runnable task) {
		this.events.add(new Event(this.now + Math.max(0, delayNanos), this.sequence++, task));
	}

	/**
	 * Runs events until none is left or the next one is after the limit.
	 * @param limit the last instant to run events at
	 */
	void runUntil(long limit) {
		while (!this.events.isEmpty() && this.events.peek().at() <= limit) {
			Event event = this.events.poll();
			this.now = event.at();
			event.task().run();
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
