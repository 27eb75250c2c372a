package io.github.leakybucket.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Publishes the AWS SDK's own measurements of each call as the timer {@value #REQUESTS}, with tags
 * {@code operation} (such as {@code UpdateItem}) and {@code outcome} ({@code success} or {@code failure}). The time
 * is the SDK's {@link CoreMetric#API_CALL_DURATION}: the whole call, retries included.
 * <p>
 * Add it to a client with {@code ClientOverrideConfiguration.Builder.addMetricPublisher}; it then measures every
 * call of that client.
 */
public final class DynamoDbRequestMetrics implements MetricPublisher {

	/** Timer of DynamoDB calls. */
	public static final String REQUESTS = "leakybucket.dynamodb.requests";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Timer> successes = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Timer> failures = new ConcurrentHashMap<>();

	/**
	 * Creates a publisher.
	 * @param registry the registry to register the timers with
	 */
	public DynamoDbRequestMetrics(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	@Override
	public void publish(MetricCollection metrics) {
		Duration duration = first(metrics.metricValues(CoreMetric.API_CALL_DURATION));
		if (duration == null) {
			return;
		}
		String operation = first(metrics.metricValues(CoreMetric.OPERATION_NAME));
		Boolean successful = first(metrics.metricValues(CoreMetric.API_CALL_SUCCESSFUL));
		boolean success = Boolean.TRUE.equals(successful);
		String name = (operation != null) ? operation : "unknown";
		timer(success ? this.successes : this.failures, name, success ? "success" : "failure").record(duration);
	}

	private Timer timer(ConcurrentMap<String, Timer> timers, String operation, String outcome) {
		Timer timer = timers.get(operation);
		return (timer != null) ? timer : timers.computeIfAbsent(operation, (name) -> Timer.builder(REQUESTS)
			.description("DynamoDB calls, retries included")
			.tag("operation", name)
			.tag("outcome", outcome)
			.register(this.registry));
	}

	@Override
	public void close() {
	}

	private static <T> T first(List<T> values) {
		return values.isEmpty() ? null : values.get(0);
	}

}
