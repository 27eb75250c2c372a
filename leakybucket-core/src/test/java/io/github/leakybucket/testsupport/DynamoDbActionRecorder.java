package io.github.leakybucket.testsupport;

import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Records every AWS call that the library's own code makes during a test run, as the IAM action, the table, the
 * purpose and the library method that made it. Registered for every SDK client of the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources (which the
 * {@code leakybucket-core} test jar carries to the other modules).
 * <p>
 * A call is the library's when a class of a library module's main code (not a test class) is on the calling stack,
 * so the requests tests make themselves, such as planting a foreign item, are left out; so are those the embedded
 * DynamoDB Local makes to itself, even when the auto-configuration starts it. A call made within {@link DynamoDbTables#createIfMissing} is for table creation; any other is runtime. The
 * layout of each table (which policy statement applies) is learnt from the CreateTable requests and DescribeTable
 * answers of the same JVM, whoever made them. Only a JVM running a JUnit test plan records.
 */
public final class DynamoDbActionRecorder implements ExecutionInterceptor {

	private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static final ClassValue<Boolean> LIBRARY_CODE = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			return isLibraryCode(type);
		}
	};

	private static final Set<Call> calls = ConcurrentHashMap.newKeySet();

	private static final Map<String, TableLayout> layouts = new ConcurrentHashMap<>();

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
		if (!TestPlanProgress.isRunning()) {
			// A JVM that a test started, such as BucketHammer's: nothing here checks its calls.
			return;
		}
		SdkRequest request = context.request();
		if (request instanceof CreateTableRequest create) {
			learn(create.tableName(), create.keySchema());
		}
		List<StackWalker.StackFrame> library = STACK
			.walk((frames) -> frames.filter((frame) -> LIBRARY_CODE.get(frame.getDeclaringClass())).toList());
		if (library.isEmpty() || isEmbeddedServer(library.get(0).getDeclaringClass())) {
			return;
		}
		String action = action(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
				attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
		Purpose purpose = library.stream().anyMatch(DynamoDbActionRecorder::createsTable) ? Purpose.TABLE_CREATION
				: Purpose.RUNTIME;
		StackWalker.StackFrame caller = library.get(0);
		String callerName = caller.getDeclaringClass().getSimpleName() + "." + methodName(caller);
		for (String table : tables(request)) {
			calls.add(new Call(action, table, purpose, callerName));
		}
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		if (context.response() instanceof DescribeTableResponse describe && describe.table() != null) {
			learn(describe.table().tableName(), describe.table().keySchema());
		}
	}

	/**
	 * Returns the calls recorded so far in this JVM.
	 * @return the distinct calls
	 */
	public static Set<Call> calls() {
		return Set.copyOf(calls);
	}

	/**
	 * Returns the layout of a table, learnt from its key schema.
	 * @param table the table name
	 * @return the layout, empty if no CreateTable or DescribeTable of that table was seen or its keys match none
	 */
	public static Optional<TableLayout> layoutOf(String table) {
		return Optional.ofNullable(layouts.get(table));
	}

	private static String action(String service, String operation) {
		return service.toLowerCase(Locale.ROOT) + ":" + operation;
	}

	/** The method a frame is in, or that its lambda was written in. */
	private static String methodName(StackWalker.StackFrame frame) {
		String name = frame.getMethodName();
		return name.startsWith("lambda$") ? name.substring(7, name.indexOf('$', 7)) : name;
	}

	private static void learn(String table, List<KeySchemaElement> keySchema) {
		Map<KeyType, String> keys = keySchema.stream()
			.collect(Collectors.toMap(KeySchemaElement::keyType, KeySchemaElement::attributeName, (a, b) -> a));
		for (TableLayout layout : TableLayout.values()) {
			if (layout.hashKey().equals(keys.get(KeyType.HASH))
					&& Objects.equals(layout.rangeKey(), keys.get(KeyType.RANGE))) {
				layouts.put(table, layout);
			}
		}
	}

	private static Set<String> tables(SdkRequest request) {
		Optional<String> table = request.getValueForField("TableName", String.class);
		if (table.isPresent()) {
			return Set.of(table.get());
		}
		Object items = request.getValueForField("RequestItems", Object.class).orElse(null);
		if (items instanceof Map<?, ?> batch) {
			return batch.keySet().stream().map(String::valueOf).collect(Collectors.toSet());
		}
		return Set.of("*");
	}

	private static boolean createsTable(StackWalker.StackFrame frame) {
		return frame.getDeclaringClass() == DynamoDbTables.class && frame.getMethodName().equals("createIfMissing");
	}

	/** Whether the class is the embedded DynamoDB Local, whose own calls (a readiness probe) never reach AWS. */
	private static boolean isEmbeddedServer(Class<?> type) {
		return type.getName().startsWith("io.github.leakybucket.dynamodb.local.");
	}

	private static boolean isLibraryCode(Class<?> type) {
		String name = type.getName();
		if (!name.startsWith("io.github.leakybucket.")) {
			return false;
		}
		CodeSource source = type.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) {
			return false;
		}
		String location = source.getLocation().toString();
		return !location.contains("/test-classes/") && !location.endsWith("-tests.jar");
	}

	/** Why the library made a call. */
	public enum Purpose {

		/** A running application's call. */
		RUNTIME,

		/** A call of {@code create-tables=true}: creating a table and enabling its TTL. */
		TABLE_CREATION

	}

	/**
	 * One recorded call.
	 * @param action the IAM action, such as {@code dynamodb:UpdateItem}
	 * @param table the table name, {@code *} for a call on no table
	 * @param purpose why it was made
	 * @param caller the innermost library method on the stack, as {@code Class.method}
	 */
	public record Call(String action, String table, Purpose purpose, String caller) {
	}

}
