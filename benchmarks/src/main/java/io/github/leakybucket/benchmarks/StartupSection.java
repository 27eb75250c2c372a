package io.github.leakybucket.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 17, start-up cost: the sample application's jar started to "Started" (Spring Boot's own "process running
 * for", so JVM start included), without the starter, with it on this run's DynamoDB Local, and with it on its
 * embedded DynamoDB Local; variants alternate within each round, medians reported.
 */
final class StartupSection implements Section {

	static final String BARE = "without the starter";

	static final String ENDPOINT = "with the starter, DynamoDB at an endpoint";

	static final String EMBEDDED = "with the starter and embedded DynamoDB Local (the sample's default)";

	private static final String BARE_MAIN = "io.github.leakybucket.benchmarks.startup.BareSampleApplication";

	private static final String SAMPLE_MAIN = "io.github.leakybucket.sample.SampleApplication";

	private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private final Map<String, List<Double>> seconds = new LinkedHashMap<>();

	private final Path jar;

	private StartupSection(Path jar) {
		this.jar = jar;
	}

	static StartupSection run(Settings settings, CountingDynamoDbLocal local, DynamoDbClient client)
			throws IOException {
		Path jar = Path.of(System.getProperty("benchmarks.sampleJar", "sample-app/target/sample-app.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No sample application jar at " + jar.toAbsolutePath()
					+ "; the benchmarks profile builds it (set -Dbenchmarks.sampleJar to use another)");
		}
		StartupSection section = new StartupSection(jar);
		Path loaderPath = bareApplicationClasses();
		DynamoDbTables tables = new DynamoDbTables(client);
		tables.createIfMissing("startup-buckets", TableLayout.BUCKETS);
		tables.createIfMissing("startup-kv", TableLayout.KEY_VALUE);
		Map<String, List<String>> variants = new LinkedHashMap<>();
		variants.put(BARE, command(jar, loaderPath, BARE_MAIN, List.of()));
		variants.put(ENDPOINT, command(jar, loaderPath, SAMPLE_MAIN, List.of(
				"--leakybucket.dynamodb.endpoint=" + local.endpoint(), "--leakybucket.dynamodb.region=us-east-1",
				"--leakybucket.dynamodb.credentials.access-key=leakybucket",
				"--leakybucket.dynamodb.credentials.secret-key=leakybucket",
				"--leakybucket.dynamodb.tables.buckets=startup-buckets", "--leakybucket.dynamodb.tables.kv=startup-kv")));
		variants.put(EMBEDDED, command(jar, loaderPath, SAMPLE_MAIN, List.of()));
		int rounds = settings.quick() ? 1 : 2;
		List<String> names = new ArrayList<>(variants.keySet());
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get((i + round) % names.size());
				try (ChildJvm app = ChildJvm.start("startup", variants.get(name), true)) {
					String rest = app.await(ChildJvm.STARTED, 180);
					double started = Double.parseDouble(rest.substring(0, rest.indexOf(')')).trim());
					System.out.printf("  start-up %-70s %.2f s%n", name, started);
					section.seconds.computeIfAbsent(name, (key) -> new ArrayList<>()).add(started);
				}
			}
		}
		return section;
	}

	private static List<String> command(Path jar, Path loaderPath, String main, List<String> args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dloader.path=" + loaderPath, "-Dloader.main=" + main, "-cp", jar.toString(), LAUNCHER,
				"--server.port=0"));
		command.addAll(args);
		return command;
	}

	/**
	 * Copies the bare application's class alone to a directory for {@code loader.path}, so that nothing else of this
	 * module (such as its {@code logback.xml}) reaches the application.
	 */
	private static Path bareApplicationClasses() throws IOException {
		Path directory = Files.createTempDirectory("leakybucket-startup");
		String resource = BARE_MAIN.replace('.', '/') + ".class";
		Path target = directory.resolve(resource);
		Files.createDirectories(target.getParent());
		try (InputStream in = StartupSection.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No " + resource + " on the class path");
			}
			Files.copy(in, target);
		}
		directory.toFile().deleteOnExit();
		return directory;
	}

	double median(String variant) {
		List<Double> values = new ArrayList<>(this.seconds.getOrDefault(variant, List.of()));
		if (values.isEmpty()) {
			return Double.NaN;
		}
		values.sort(Double::compare);
		int middle = values.size() / 2;
		return (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
	}

	@Override
	public List<Target> targets() {
		return List.of();
	}

	@Override
	public void write(StringBuilder out) {
		out.append("## Start-up cost (issue 17)\n\n");
		out.append("The sample application's jar (`" + this.jar.getFileName() + "`) started with Spring Boot's "
				+ "`PropertiesLauncher` (the same launcher for all three, `--server.port=0`), timed by Spring Boot's "
				+ "own *process running for* when the context is ready, so JVM start is included; the variants "
				+ "alternate within each round and the median is shown. *" + BARE + "*: the same jar, web server, "
				+ "Actuator and `HelloController`, with every leakybucket auto-configuration excluded and without "
				+ "`NotesController` (it needs the key/value store). *" + ENDPOINT + "*: this run's DynamoDB Local, "
				+ "tables already there (each is checked with one `DescribeTable`). *" + EMBEDDED + "*: it starts "
				+ "DynamoDB Local in-process and creates its tables.\n\n");
		out.append("| Variant | Runs (s) | Median s |\n");
		out.append("|---|---|--:|\n");
		this.seconds.forEach((variant, values) -> out.append("| " + variant + " | "
				+ String.join(", ", values.stream().map((value) -> Report.fixed(value, 2)).toList()) + " | "
				+ Report.fixed(median(variant), 2) + " |\n"));
		double bare = median(BARE);
		double endpoint = median(ENDPOINT);
		double embedded = median(EMBEDDED);
		out.append("\nThe starter adds " + Report.fixed(endpoint - bare, 2) + " s ("
				+ Report.fixed(100 * (endpoint - bare) / bare, 0) + " %) to the application's start; the embedded "
				+ "DynamoDB Local adds " + Report.fixed(embedded - endpoint, 2) + " s more, "
				+ Report.fixed(100 * (embedded - endpoint) / embedded, 0) + " % of the sample's default start-up ("
				+ Report.fixed(embedded, 2) + " s).\n\n");
	}

}
