package io.github.leakybucket.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one benchmark run measured, in the order it ran.
 */
final class Results {

	private final Settings settings;

	private final Machine machine;

	private final List<Run> closedLoop = new ArrayList<>();

	private final Map<String, List<Run>> saturated = new LinkedHashMap<>();

	private final List<Pair> pairs = new ArrayList<>();

	private final List<Section> sections = new ArrayList<>();

	private Duration total;

	private String finalLoadAverage;

	Results(Settings settings, Machine machine) {
		this.settings = settings;
		this.machine = machine;
	}

	void closedLoop(Run run) {
		this.closedLoop.add(run);
	}

	void saturated(String load, Run run) {
		this.saturated.computeIfAbsent(load, (key) -> new ArrayList<>()).add(run);
	}

	void pair(String comparison, Run[] ab) {
		this.pairs.add(new Pair(comparison, ab[0], ab[1]));
	}

	void section(Section section) {
		this.sections.add(section);
	}

	List<Section> sections() {
		return this.sections;
	}

	<T extends Section> Optional<T> section(Class<T> type) {
		return this.sections.stream().filter(type::isInstance).map(type::cast).findFirst();
	}

	void finish(Duration total, String loadAverage) {
		this.total = total;
		this.finalLoadAverage = loadAverage;
	}

	Settings settings() {
		return this.settings;
	}

	Machine machine() {
		return this.machine;
	}

	Duration total() {
		return this.total;
	}

	String finalLoadAverage() {
		return this.finalLoadAverage;
	}

	List<Run> closedLoop() {
		return this.closedLoop;
	}

	Map<String, List<Run>> saturated() {
		return this.saturated;
	}

	List<Pair> pairs() {
		return this.pairs;
	}

	Optional<Run> closedLoop(String scenario, int threads, int keys) {
		return this.closedLoop.stream()
			.filter((run) -> run.scenario().equals(scenario) && run.threads() == threads && run.keys() == keys)
			.findFirst();
	}

	Optional<Run> saturated(String load, String scenario) {
		return this.saturated.getOrDefault(load, List.of())
			.stream()
			.filter((run) -> run.scenario().equals(scenario))
			.findFirst();
	}

	Optional<Pair> pair(String comparison, int threads) {
		return this.pairs.stream()
			.filter((pair) -> pair.comparison().equals(comparison) && pair.a().threads() == threads)
			.findFirst();
	}

	/**
	 * Two scenarios measured in the same run: A-B-B-A with each side pooled, or interleaved call by call.
	 *
	 * @param comparison what is compared
	 * @param a the baseline
	 * @param b the compared scenario
	 */
	record Pair(String comparison, Run a, Run b) {
	}

}
