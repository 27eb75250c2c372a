package io.github.leakybucket.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 17, memory: heap per cached key handle at {@code 10,000} and {@code 1,000,000} handles, each count in a JVM
 * of its own ({@link HandleMemory}).
 */
final class MemorySection implements Section {

	static final int[] COUNTS = { 10_000, 1_000_000 };

	static final String HEAP = "-Xmx3g";

	private final List<Row> rows = new ArrayList<>();

	static MemorySection run() {
		MemorySection section = new MemorySection();
		for (int count : COUNTS) {
			System.out.println("Heap per cached handle, " + count + " handles");
			try (ChildJvm child = ChildJvm.start("memory", List.of(HEAP), HandleMemory.class,
					List.of(Integer.toString(count)))) {
				String[] fields = child.await("RESULT", 300).split(" ");
				Row row = new Row(count, Double.parseDouble(fields[0]), Double.parseDouble(fields[1]));
				System.out.printf("  %d handles: %.0f bytes fresh, %.0f bytes after a decision%n", count,
						row.fresh(), row.decided());
				section.rows.add(row);
			}
		}
		return section;
	}

	List<Row> rows() {
		return this.rows;
	}

	/**
	 * Bytes per handle after a decision at the largest count measured, the figure to size a cache by.
	 */
	double sizingFigure() {
		return this.rows.isEmpty() ? Double.NaN : this.rows.get(this.rows.size() - 1).decided();
	}

	@Override
	public List<Target> targets() {
		return List.of();
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Memory per cached key handle (issue 17)\n\n");
		out.append("Each count in a JVM of its own (`" + HEAP + "`, default collector): heap used after `System.gc()` "
				+ "(lowest of four) before and after a `BucketRegistry` caches that many per-key handles (keys "
				+ "`user-0` … `user-999999`, created while filling, as requests bring them), divided by the count. "
				+ "The figure is everything a cached handle keeps alive: the cache entry, its key, the handle, its "
				+ "item name and configuration objects. *Fresh*: handles from `DynamoDbBucketStorage` that made no "
				+ "decision (creating one makes no request). *After a decision*: the same handle class after one "
				+ "admitted `tryAdd(1)`, decided by the same engine above a store that keeps nothing, so that only "
				+ "handles are counted; this is what a cache of active users holds.\n\n");
		out.append("| Handles | Bytes per fresh handle | Bytes per handle after a decision | Heap for 100,000 handles |\n");
		out.append("|--:|--:|--:|--:|\n");
		for (Row row : this.rows) {
			out.append("| " + Report.fixed(row.count(), 0) + " | " + Report.fixed(row.fresh(), 0) + " | "
					+ Report.fixed(row.decided(), 0) + " | " + Report.fixed(row.decided() * 100_000 / 1e6, 0)
					+ " MB |\n");
		}
		out.append('\n');
	}

	/**
	 * One count.
	 *
	 * @param count handles cached
	 * @param fresh bytes per handle that made no decision
	 * @param decided bytes per handle after one decision
	 */
	record Row(int count, double fresh, double decided) {
	}

}
