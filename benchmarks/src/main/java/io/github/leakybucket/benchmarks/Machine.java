package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine a run was measured on.
 *
 * @param processors available processors ({@code nproc})
 * @param cpu CPU model from {@code /proc/cpuinfo}
 * @param java JVM vendor, name and version
 * @param os operating system and architecture
 * @param startedAt when the run started, UTC
 * @param loadAverage 1/5/15-minute load average when the run started
 */
record Machine(int processors, String cpu, String java, String os, Instant startedAt, String loadAverage) {

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
						+ System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				Instant.now().truncatedTo(ChronoUnit.SECONDS), currentLoadAverage());
	}

	static String currentLoadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	@Override
	public String toString() {
		return this.processors + " processors (" + this.cpu + "), " + this.java + ", " + this.os + ", started "
				+ this.startedAt + ", load average " + this.loadAverage;
	}

}
