package io.github.leakybucket.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DeploymentTemplate;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Call;
import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Purpose;
import io.github.leakybucket.testsupport.PolicyCoverage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison that {@link IamPolicyCoverageTests} makes, on calls made up to break it, against the real template.
 */
class PolicyCoverageTests {

	private static final Map<String, TableLayout> TABLES = Map.of("buckets", TableLayout.BUCKETS, "kv",
			TableLayout.KEY_VALUE);

	private final PolicyCoverage coverage = PolicyCoverage.of(DeploymentTemplate.load());

	@Test
	void actionsTheLibraryCallsTodayAreAllowed() {
		List<Call> calls = List.of(new Call("dynamodb:UpdateItem", "buckets", Purpose.RUNTIME, "DynamoDbTatStore.add"),
				new Call("dynamodb:BatchWriteItem", "kv", Purpose.RUNTIME, "BatchRequests.write"),
				new Call("dynamodb:CreateTable", "kv", Purpose.TABLE_CREATION, "DynamoDbTables.createIfMissing"));
		assertThat(violations(calls)).isEmpty();
	}

	@Test
	void anActionMissingFromThePolicyIsAViolationNamingItsCaller() {
		List<Call> calls = List.of(new Call("dynamodb:PutItem", "kv", Purpose.RUNTIME, "Lease.acquire"),
				new Call("dynamodb:PutItem", "kv", Purpose.RUNTIME, "Lease.renew"));
		assertThat(violations(calls))
			.containsExactly("dynamodb:PutItem on KEY_VALUE for RUNTIME, called from Lease.acquire, Lease.renew");
	}

	@Test
	void anActionAllowedOnTheOtherTableOnlyIsAViolation() {
		List<Call> calls = List.of(new Call("dynamodb:Query", "buckets", Purpose.RUNTIME, "Somewhere.query"));
		assertThat(violations(calls)).containsExactly("dynamodb:Query on BUCKETS for RUNTIME, called from Somewhere.query");
	}

	@Test
	void tableCreationActionsAreAViolationAtRuntime() {
		List<Call> calls = List.of(new Call("dynamodb:CreateTable", "buckets", Purpose.RUNTIME, "Startup.run"),
				new Call("dynamodb:UpdateTimeToLive", "kv", Purpose.RUNTIME, "Startup.run"));
		assertThat(violations(calls)).containsExactly(
				"dynamodb:CreateTable on BUCKETS for RUNTIME, called from Startup.run",
				"dynamodb:UpdateTimeToLive on KEY_VALUE for RUNTIME, called from Startup.run");
	}

	@Test
	void aCallOnATableOfUnknownLayoutMustBeAllowedOnSomeTable() {
		List<Call> calls = List.of(new Call("dynamodb:DescribeTable", "missing", Purpose.RUNTIME, "Check.verify"),
				new Call("dynamodb:ListTables", "*", Purpose.RUNTIME, "Check.list"));
		assertThat(violations(calls))
			.containsExactly("dynamodb:ListTables on a table of unknown layout for RUNTIME, called from Check.list");
	}

	private List<String> violations(List<Call> calls) {
		return this.coverage.violations(calls, (table) -> Optional.ofNullable(TABLES.get(table)));
	}

}
