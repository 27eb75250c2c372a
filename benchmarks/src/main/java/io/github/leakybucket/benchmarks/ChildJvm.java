package io.github.leakybucket.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the benchmark, talking over standard input and output: lines starting with {@code READY} or
 * {@code RESULT}, and Spring Boot's {@code Started ... (process running for ...)}, are kept for the parent; every
 * other line is echoed with a prefix, unless the child is quiet.
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	static final String STARTED = "(process running for";

	private final boolean quiet;

	private ChildJvm(Process process, String prefix, boolean quiet) {
		this.process = process;
		this.quiet = quiet;
		Thread reader = new Thread(() -> read(prefix), prefix + "-stdout");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts a JVM running {@code mainClass} on this JVM's class path.
	 * @param prefix echoed before each line it prints
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param mainClass the class to run
	 * @param args its arguments
	 */
	static ChildJvm start(String prefix, List<String> jvmOptions, Class<?> mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-Djava.awt.headless=true");
		command.add("-Daws.java.v1.disableDeprecationAnnouncement=true");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(args);
		return start(prefix, command, false);
	}

	/**
	 * Starts a command, such as {@code java -jar app.jar}.
	 * @param quiet whether to drop the lines the parent does not keep instead of echoing them
	 */
	static ChildJvm start(String prefix, List<String> command, boolean quiet) {
		try {
			return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start(), prefix, quiet);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for the next line holding {@code marker}.
	 * @return the rest of the line after the marker, trimmed
	 */
	String await(String marker, long timeoutSeconds) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		try {
			while (true) {
				String line = this.lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (line == null) {
					throw new IllegalStateException("A child JVM sent no " + marker + " within " + timeoutSeconds
							+ " s (alive: " + this.process.isAlive() + ")");
				}
				int at = line.indexOf(marker);
				if (at >= 0) {
					return line.substring(at + marker.length()).trim();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends one line to the child's standard input.
	 */
	void send(String line) {
		try {
			Writer writer = new OutputStreamWriter(this.process.getOutputStream(), StandardCharsets.UTF_8);
			writer.write(line + "\n");
			writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void read(String prefix) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.startsWith("READY") || line.startsWith("RESULT") || line.contains(STARTED)) {
					this.lines.add(line);
				}
				else if (!this.quiet) {
					System.out.println("    [" + prefix + "] " + line);
				}
			}
		}
		catch (IOException ex) {
			// The child is gone; await reports the missing line.
		}
	}

}
