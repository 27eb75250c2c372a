package io.github.leakybucket.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long each phase runs, from system properties. {@code benchmarks.quick=true} shortens everything to a smoke
 * check of about a minute; explicit durations (in seconds, decimals allowed) win over both.
 *
 * @param warmup warm-up before each closed-loop measurement
 * @param measure each closed-loop measurement
 * @param saturated each saturated-bucket run, measured from the bucket's first call
 * @param output directory the results go to
 * @param quick whether this is the short smoke mode
 * @param only the sections to run, comma-separated, such as {@code async} or {@code roundtrip,zipf}, or empty for
 * all; {@link #SECTIONS} names them
 */
record Settings(Duration warmup, Duration measure, Duration saturated, Path output, boolean quick, String only) {

	/** The sections {@code benchmarks.only} can name; {@code core} is issue 7's matrix, the pairs and the rest. */
	static final List<String> SECTIONS = List.of("core", "async", "roundtrip", "jvms", "zipf",
			"memory", "startup", "leases");

	/**
	 * Returns whether a section runs.
	 * @param section one of {@link #SECTIONS}
	 */
	boolean runs(String section) {
		return this.only.isEmpty() || Arrays.asList(this.only.split(",")).contains(section);
	}

	/**
	 * Returns the name of the results file: {@code results.md} for a full run, else one naming the sections, so that
	 * iterating on one section never overwrites the full results.
	 */
	String resultsName(String extension) {
		return this.only.isEmpty() ? "results." + extension
				: "results-" + this.only.replace(',', '-') + "." + extension;
	}

	static Settings fromSystemProperties() {
		boolean quick = Boolean.getBoolean("benchmarks.quick");
		String only = System.getProperty("benchmarks.only", "").replace(" ", "");
		for (String section : only.split(",")) {
			if (!section.isEmpty() && !SECTIONS.contains(section)) {
				throw new IllegalArgumentException(
						"benchmarks.only names an unknown section '" + section + "'; sections are " + SECTIONS);
			}
		}
		return new Settings(seconds("benchmarks.warmup", quick ? 0.3 : 2),
				seconds("benchmarks.measure", quick ? 0.5 : 4), seconds("benchmarks.saturated", quick ? 2 : 10),
				Path.of(System.getProperty("benchmarks.output", "benchmarks/results")), quick,
				only);
	}

	private static Duration seconds(String property, double fallback) {
		String value = System.getProperty(property);
		double seconds = (value == null || value.isBlank()) ? fallback
				: Double.parseDouble(value);
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

}
