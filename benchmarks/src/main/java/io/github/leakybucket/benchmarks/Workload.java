package io.github.leakybucket.benchmarks;

/**
 * One call of a scenario, such as one rate-limit decision or one key/value read.
 */
@FunctionalInterface
interface Workload {

	/**
	 * Makes one call.
	 * @param key index of the bucket or item to use, from 0 to the scenario's key count (exclusive)
	 * @return whether the call was admitted; always {@code true} for plain requests
	 */
	boolean call(int key);

}
