package io.github.leakybucket.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.github.leakybucket.testsupport.DynamoDbActionRecorder.Call;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fails if the library called, anywhere in this module's test run, an AWS action that the IAM policies of
 * {@value DeploymentTemplate#LOCATION} do not allow on that table. A module's subclass runs after every other test
 * class of the module ({@code @Order(Integer.MAX_VALUE)} with the class orderer set in
 * {@code junit-platform.properties}) and checks that it did. The recorded actions are written to
 * {@code target/dynamodb-actions.txt}.
 */
public abstract class AbstractIamPolicyCoverageTests {

	@Test
	void everyActionTheLibraryCalledIsAllowedOnItsTable() throws IOException {
		assumeTrue(TestPlanProgress.plannedClasses() > 1,
				"Only this class was selected: there are no recorded calls of other tests to check");
		assertThat(TestPlanProgress.unfinishedClassesOtherThan(getClass()))
			.as("Test classes that have not run yet, whose calls this check would miss: it must run last in one "
					+ "test plan (junit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$OrderAnnotation "
					+ "and @Order(Integer.MAX_VALUE))")
			.isEmpty();
		Set<Call> calls = DynamoDbActionRecorder.calls();
		writeReport(calls);
		DeploymentTemplate template = DeploymentTemplate.load();
		List<String> violations = PolicyCoverage.of(template).violations(calls, DynamoDbActionRecorder::layoutOf);
		assertThat(violations)
			.as("Actions the library called that %s does not allow (add them to the policy, and to deploy/terraform)",
					template.path())
			.isEmpty();
		assertThat(calls).as("calls recorded by DynamoDbActionRecorder").isNotEmpty();
	}

	private static void writeReport(Set<Call> calls) throws IOException {
		List<String> lines = calls.stream()
			.map((call) -> call.action() + "\t" + DynamoDbActionRecorder.layoutOf(call.table()).map(Enum::name).orElse("?")
					+ "\t" + call.purpose() + "\t" + call.caller())
			.distinct()
			.sorted(Comparator.naturalOrder())
			.toList();
		Path target = Path.of("target");
		Files.createDirectories(target);
		Files.write(target.resolve("dynamodb-actions.txt"), lines, StandardCharsets.UTF_8);
	}

}
