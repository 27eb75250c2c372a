package io.github.leakybucket.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Call;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Purpose;

/**
 * Compares recorded calls with the template's policies: a runtime call must be allowed by the runtime policy on its
 * table, a table-creation call by the runtime or the table-creation policy. A call on a table of unknown layout (one
 * that does not exist, say) must be allowed on some table.
 */
public final class PolicyCoverage {

	private final Map<TableLayout, Set<String>> runtime;

	private final Map<TableLayout, Set<String>> tableCreation;

	/**
	 * Creates a comparison with the given policies.
	 * @param runtime actions of the runtime policy, per table
	 * @param tableCreation actions of the table-creation policy, per table
	 */
	public PolicyCoverage(Map<TableLayout, Set<String>> runtime, Map<TableLayout, Set<String>> tableCreation) {
		this.runtime = runtime;
		this.tableCreation = tableCreation;
	}

	/**
	 * Creates a comparison with the template's policies.
	 * @param template the template
	 * @return the comparison
	 */
	public static PolicyCoverage of(DeploymentTemplate template) {
		return new PolicyCoverage(template.allowedActions(DeploymentTemplate.RUNTIME_POLICY),
				template.allowedActions(DeploymentTemplate.TABLE_CREATION_POLICY));
	}

	/**
	 * Returns the actions allowed for a purpose on a table.
	 * @param layout the table's layout, empty if unknown
	 * @param purpose the purpose
	 * @return the allowed actions
	 */
	public Set<String> allowed(Optional<TableLayout> layout, Purpose purpose) {
		Set<String> allowed = new TreeSet<>();
		for (TableLayout table : layout.map(Set::of).orElse(Set.of(TableLayout.values()))) {
			allowed.addAll(this.runtime.getOrDefault(table, Set.of()));
			if (purpose == Purpose.TABLE_CREATION) {
				allowed.addAll(this.tableCreation.getOrDefault(table, Set.of()));
			}
		}
		return allowed;
	}

	/**
	 * Returns the calls that the policies do not allow, one line per action, table layout and purpose, naming up to
	 * three of the library methods that made it.
	 * @param calls the recorded calls
	 * @param layouts the layout of a table, by name
	 * @return the violations, empty if every call is allowed
	 */
	public List<String> violations(Collection<Call> calls, Function<String, Optional<TableLayout>> layouts) {
		Map<String, Set<String>> callers = new TreeMap<>();
		for (Call call : calls) {
			Optional<TableLayout> layout = layouts.apply(call.table());
			if (!allowed(layout, call.purpose()).contains(call.action())) {
				String table = layout.map(TableLayout::name).orElse("a table of unknown layout");
				String key = call.action() + " on " + table + " for " + call.purpose();
				callers.computeIfAbsent(key, (k) -> new TreeSet<>()).add(call.caller());
			}
		}
		List<String> violations = new ArrayList<>();
		callers.forEach((key, by) -> violations.add(key + ", called from " + String.join(", ", by.stream().limit(3).toList())));
		return violations;
	}

}
