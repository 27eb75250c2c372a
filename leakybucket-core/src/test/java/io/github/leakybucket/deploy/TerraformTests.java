package io.github.leakybucket.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DeploymentTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps {@code deploy/terraform} in step with the CloudFormation template, which is the reference: the same actions
 * per table in each policy, and the same keys and TTL attributes.
 */
class TerraformTests {

	private static final Pattern POLICY = Pattern.compile("resource \"aws_iam_policy\" \"(\\w+)\" \\{(.*?)\\n}\\n",
			Pattern.DOTALL);

	private static final Pattern STATEMENT = Pattern.compile("Sid\\s*=\\s*\"(\\w+)\"(.*?)Resource\\s*=\\s*local\\.(\\w+)",
			Pattern.DOTALL);

	private static final Pattern ACTION = Pattern.compile("\"(dynamodb:\\w+)\"");

	private static final Map<String, TableLayout> TABLE_ARNS = Map.of("buckets_table_arn", TableLayout.BUCKETS,
			"key_value_table_arn", TableLayout.KEY_VALUE);

	private final Path main = DeploymentTemplate.findInRepository("deploy/terraform/main.tf");

	@Test
	void policiesAllowTheActionsOfTheTemplatesPolicies() throws IOException {
		DeploymentTemplate template = DeploymentTemplate.load();
		Map<String, Map<TableLayout, Set<String>>> policies = policies(Files.readString(this.main));
		assertThat(policies).containsOnlyKeys("runtime", "table_creation");
		assertThat(policies.get("runtime")).isEqualTo(template.allowedActions(DeploymentTemplate.RUNTIME_POLICY));
		assertThat(policies.get("table_creation"))
			.isEqualTo(template.allowedActions(DeploymentTemplate.TABLE_CREATION_POLICY));
	}

	@Test
	void tablesHaveTheLibrarysKeysAndTimeToLive() throws IOException {
		String main = Files.readString(this.main);
		assertThat(main).containsPattern(setting("hash_key", TableLayout.BUCKETS.hashKey()))
			.containsPattern(setting("attribute_name", TableLayout.BUCKETS.ttlAttribute()))
			.containsPattern(setting("hash_key", TableLayout.KEY_VALUE.hashKey()))
			.containsPattern(setting("range_key", TableLayout.KEY_VALUE.rangeKey()))
			.containsPattern(setting("attribute_name", TableLayout.KEY_VALUE.ttlAttribute()));
	}

	private static String setting(String name, String value) {
		return name + "\\s*=\\s*\"" + Pattern.quote(value) + "\"";
	}

	@Test
	void terraformFmtFindsNothing() throws IOException, InterruptedException {
		Process fmt;
		try {
			fmt = new ProcessBuilder("terraform", "fmt", "-check", "-diff", "-no-color")
				.directory(this.main.getParent().toFile())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			assumeTrue(false, "terraform is not installed, so deploy/terraform is not format-checked: " + ex);
			return;
		}
		assertThat(fmt.waitFor(1, TimeUnit.MINUTES)).as("terraform fmt finished").isTrue();
		String output = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(fmt.exitValue()).as("terraform fmt -check: " + output).isZero();
	}

	private static Map<String, Map<TableLayout, Set<String>>> policies(String main) {
		Map<String, Map<TableLayout, Set<String>>> policies = new TreeMap<>();
		Matcher policy = POLICY.matcher(main);
		while (policy.find()) {
			Map<TableLayout, Set<String>> allowed = new EnumMap<>(TableLayout.class);
			Matcher statement = STATEMENT.matcher(policy.group(2));
			while (statement.find()) {
				Set<String> actions = allowed.computeIfAbsent(TABLE_ARNS.get(statement.group(3)),
						(key) -> new TreeSet<>());
				Matcher action = ACTION.matcher(statement.group(2));
				while (action.find()) {
					actions.add(action.group(1));
				}
			}
			policies.put(policy.group(1), allowed);
		}
		return policies;
	}

}
