package io.github.leakybucket.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.leakybucket.dynamodb.TableLayout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The CloudFormation template in {@code deploy/cloudformation}, read as the single source of truth for the tables
 * and the IAM actions. Short-form intrinsic functions ({@code !Sub}, {@code !Ref}, ...) are read as
 * {@link Intrinsic} values.
 */
public final class DeploymentTemplate {

	/** Path of the template, relative to the repository root. */
	public static final String LOCATION = "deploy/cloudformation/leakybucket-tables.yaml";

	/** Logical id of the policy a running application needs. */
	public static final String RUNTIME_POLICY = "RuntimePolicy";

	/** Logical id of the policy that {@code create-tables=true} needs in addition. */
	public static final String TABLE_CREATION_POLICY = "TableCreationPolicy";

	private static final Map<String, TableLayout> TABLE_PARAMETERS = Map.of("BucketsTableName", TableLayout.BUCKETS,
			"KeyValueTableName", TableLayout.KEY_VALUE);

	private final Path path;

	private final Map<String, Object> template;

	private DeploymentTemplate(Path path, Map<String, Object> template) {
		this.path = path;
		this.template = template;
	}

	/**
	 * Reads the template, found from the working directory or one of its parents (a module's tests run in the
	 * module's directory).
	 * @return the template
	 */
	public static DeploymentTemplate load() {
		Path path = findInRepository(LOCATION);
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(reader);
			return new DeploymentTemplate(path, template);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + path, ex);
		}
	}

	/**
	 * Finds a file of the repository from the working directory or one of its parents.
	 * @param relativePath the path relative to the repository root
	 * @return the absolute path
	 */
	public static Path findInRepository(String relativePath) {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path candidate = directory.resolve(relativePath);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				relativePath + " not found in " + Path.of("").toAbsolutePath() + " or any parent directory");
	}

	/**
	 * Returns where the template was read from.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Returns the {@code Properties} of a resource.
	 * @param logicalId the resource's logical id
	 * @return its properties
	 */
	public Map<String, Object> properties(String logicalId) {
		return map(resource(logicalId).get("Properties"), logicalId + ".Properties");
	}

	/**
	 * Returns the default value of a parameter.
	 * @param name the parameter name
	 * @return its default
	 */
	public Object parameterDefault(String name) {
		return map(map(this.template.get("Parameters"), "Parameters").get(name), name).get("Default");
	}

	/**
	 * Returns the actions a managed policy allows, per table. Each statement must allow on exactly one table, named
	 * through the table name parameter, as in {@code !Sub "...:table/${BucketsTableName}"}.
	 * @param logicalId the policy's logical id
	 * @return the allowed actions (such as {@code dynamodb:UpdateItem}) per table layout
	 */
	public Map<TableLayout, Set<String>> allowedActions(String logicalId) {
		Map<String, Object> document = map(properties(logicalId).get("PolicyDocument"), logicalId + ".PolicyDocument");
		Map<TableLayout, Set<String>> allowed = new LinkedHashMap<>();
		for (Object item : list(document.get("Statement"), logicalId + ".Statement")) {
			Map<String, Object> statement = map(item, logicalId + ".Statement");
			if (!"Allow".equals(statement.get("Effect"))) {
				throw new IllegalStateException(logicalId + ": only Allow statements are expected, not " + statement);
			}
			TableLayout table = table(statement.get("Resource"), logicalId);
			Set<String> actions = allowed.computeIfAbsent(table, (key) -> new TreeSet<>());
			for (Object action : list(statement.get("Action"), logicalId + ".Action")) {
				actions.add((String) action);
			}
		}
		return allowed;
	}

	private static TableLayout table(Object resource, String logicalId) {
		if (resource instanceof Intrinsic sub && "Sub".equals(sub.function()) && sub.argument() instanceof String arn) {
			for (Map.Entry<String, TableLayout> parameter : TABLE_PARAMETERS.entrySet()) {
				if (arn.endsWith(":table/${" + parameter.getKey() + "}")) {
					return parameter.getValue();
				}
			}
		}
		throw new IllegalStateException(logicalId + ": a statement's Resource must be one table ARN, "
				+ "!Sub \"arn:...:table/${BucketsTableName}\" or ${KeyValueTableName}, not " + resource);
	}

	private Map<String, Object> resource(String logicalId) {
		Object resource = map(this.template.get("Resources"), "Resources").get(logicalId);
		if (resource == null) {
			throw new IllegalStateException(this.path + " has no resource " + logicalId);
		}
		return map(resource, logicalId);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String what) {
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new IllegalStateException(what + " is not a mapping: " + value);
	}

	private static List<?> list(Object value, String what) {
		if (value instanceof List<?> list) {
			return list;
		}
		if (value instanceof String single) {
			return List.of(single);
		}
		throw new IllegalStateException(what + " is not a list: " + value);
	}

	/**
	 * A CloudFormation intrinsic function in short form.
	 * @param function the function, such as {@code Sub}
	 * @param argument its argument: a string, a list or a map
	 */
	public record Intrinsic(String function, Object argument) {
	}

	private static final class CloudFormationConstructor extends SafeConstructor {

		CloudFormationConstructor() {
			super(new LoaderOptions());
			this.yamlConstructors.put(null, new AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					String function = node.getTag().getValue().substring(1);
					if (node instanceof ScalarNode scalar) {
						return new Intrinsic(function, constructScalar(scalar));
					}
					if (node instanceof SequenceNode sequence) {
						return new Intrinsic(function, constructSequence(sequence));
					}
					return new Intrinsic(function, constructMapping((MappingNode) node));
				}
			});
		}

	}

}
