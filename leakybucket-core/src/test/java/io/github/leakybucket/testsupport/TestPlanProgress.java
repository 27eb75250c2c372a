package io.github.leakybucket.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Knows which test classes of the running test plan have not finished yet, so that a check meant to run after all
 * of them can tell whether it did. Registered through {@code META-INF/services} in the test resources.
 */
public final class TestPlanProgress implements TestExecutionListener {

	private static final Map<String, String> unfinished = new ConcurrentHashMap<>();

	private static volatile int plannedClasses;

	private static volatile boolean running;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		unfinished.clear();
		for (TestIdentifier root : testPlan.getRoots()) {
			for (TestIdentifier descendant : testPlan.getDescendants(root)) {
				if (descendant.isContainer() && descendant.getSource().orElse(null) instanceof ClassSource source) {
					unfinished.put(descendant.getUniqueId(), source.getClassName());
				}
			}
		}
		plannedClasses = unfinished.size();
		running = true;
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		running = false;
	}

	@Override
	public void executionSkipped(TestIdentifier testIdentifier, String reason) {
		done(testIdentifier);
	}

	@Override
	public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
		done(testIdentifier);
	}

	private static void done(TestIdentifier testIdentifier) {
		String id = testIdentifier.getUniqueId();
		unfinished.keySet().removeIf((unfinishedId) -> unfinishedId.startsWith(id));
	}

	/**
	 * Returns whether this JVM is running a test plan.
	 * @return {@code true} between the start and the end of a test plan
	 */
	public static boolean isRunning() {
		return running;
	}

	/**
	 * Returns the test classes of the running plan, nested ones included.
	 * @return the number of test classes
	 */
	public static int plannedClasses() {
		return plannedClasses;
	}

	/**
	 * Returns the test classes of the running plan that have not finished, other than the given one and its nested
	 * classes.
	 * @param testClass the class asking
	 * @return the names of the unfinished classes
	 */
	public static List<String> unfinishedClassesOtherThan(Class<?> testClass) {
		String name = testClass.getName();
		return unfinished.values()
			.stream()
			.filter((unfinishedClass) -> !unfinishedClass.equals(name) && !unfinishedClass.startsWith(name + "$"))
			.sorted()
			.toList();
	}

}
