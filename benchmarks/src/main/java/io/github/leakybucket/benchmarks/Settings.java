package io.github.leakybucket.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long each phase runs, from system properties. {@code benchmarks.quick=true} shortens everything to a smoke
 * check of about a minute; explicit durations (in seconds, decimals allowed) win over both.
 *
 * @param warmup warm-up before each closed-loop measurement
 * @param measure each closed-loop measurement
 * @param saturated each saturated-bucket run, measured from the bucket's first call
 * @param output directory the results go to
 * @param quick whether this is the short smoke mode
 * @param only the one section to run, such as {@code async}, or empty for all
 */
record Settings(Duration warmup, Duration measure, Duration saturated, Path output, boolean quick, String only) {

	static Settings fromSystemProperties() {
		boolean quick = Boolean.getBoolean("benchmarks.quick");
		return new Settings(seconds("benchmarks.warmup", quick ? 0.3 : 2),
				seconds("benchmarks.measure", quick ? 0.5 : 4), seconds("benchmarks.saturated", quick ? 2 : 10),
				Path.of(System.getProperty("benchmarks.output", "benchmarks/results")), quick,
				System.getProperty("benchmarks.only", "").trim());
	}

	private static Duration seconds(String property, double fallback) {
		String value = System.getProperty(property);
		double seconds = (value == null || value.isBlank()) ? fallback
				: Double.parseDouble(value);
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

}
