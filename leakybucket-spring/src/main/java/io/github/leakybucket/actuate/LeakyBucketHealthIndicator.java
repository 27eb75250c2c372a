package io.github.leakybucket.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.leakybucket.circuit.CircuitStates;
import io.github.leakybucket.dynamodb.TableLayout;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Health of leakybucket's DynamoDB tables: UP when each is {@code ACTIVE} (or {@code UPDATING}, which still serves
 * reads and writes) and answers within a short timeout, DOWN with the reason otherwise. Details name each table with
 * its status and whether time to live is enabled on the expected attribute, with a warning when it is not.
 * <p>
 * Each check costs two control-plane calls per table (DescribeTable and DescribeTimeToLive), so its result is kept
 * for a check interval and every health request in between answers from it; concurrent requests share one check. A
 * failure's reason holds only the error code and the table, never the SDK's message, which for an access denial
 * names the account and role.
 * <p>
 * Given the {@link CircuitStates circuit states} of the buckets, the details also hold {@code circuits}: the state of
 * each bucket name's circuit breaker, read on every request. An open circuit never turns the health {@code DOWN}:
 * its bucket answers by its failure mode, and taking a fail-open instance out of a load balancer because DynamoDB is
 * slow would turn a degraded limiter into an outage of the application.
 */
public class LeakyBucketHealthIndicator extends AbstractHealthIndicator {

	private final DynamoDbClient client;

	private final Map<String, TableLayout> tables;

	private final AwsRequestOverrideConfiguration timeout;

	private final Duration checkInterval;

	private final InstantSource clock;

	private final @Nullable CircuitStates circuits;

	private Check lastCheck;

	/**
	 * Creates an indicator.
	 * @param client the client to describe tables with
	 * @param tables the tables to check, by name, with their layout
	 * @param timeout how long each describe call may take, retries included
	 * @param checkInterval how long a check's result is used before the tables are described again; zero checks on
	 * every request
	 * @param clock the clock that ages results
	 */
	public LeakyBucketHealthIndicator(DynamoDbClient client, Map<String, TableLayout> tables, Duration timeout,
			Duration checkInterval, InstantSource clock) {
		this(client, tables, timeout, checkInterval, clock, null);
	}

	/**
	 * Creates an indicator that also reports the state of each bucket name's circuit breaker.
	 * @param client the client to describe tables with
	 * @param tables the tables to check, by name, with their layout
	 * @param timeout how long each describe call may take, retries included
	 * @param checkInterval how long a check's result is used before the tables are described again; zero checks on
	 * every request
	 * @param clock the clock that ages results
	 * @param circuits the circuit states of the buckets, or {@code null} to report none
	 */
	public LeakyBucketHealthIndicator(DynamoDbClient client, Map<String, TableLayout> tables, Duration timeout,
			Duration checkInterval, InstantSource clock, @Nullable CircuitStates circuits) {
		super("DynamoDB tables of leakybucket are unavailable");
		this.client = Objects.requireNonNull(client, "client");
		this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
		this.timeout = AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(timeout)
			.apiCallAttemptTimeout(timeout)
			.build();
		if (checkInterval.isNegative()) {
			throw new IllegalArgumentException("checkInterval must not be negative but was " + checkInterval);
		}
		this.checkInterval = checkInterval;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.circuits = circuits;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Check check = currentCheck();
		builder.status(check.up() ? Status.UP : Status.DOWN).withDetail("tables", check.tables());
		if (this.circuits != null) {
			Map<String, String> circuits = new LinkedHashMap<>();
			this.circuits.states().forEach((name, state) -> circuits.put(name, state.name()));
			builder.withDetail("circuits", circuits);
		}
	}

	private synchronized Check currentCheck() {
		Instant now = this.clock.instant();
		if (this.lastCheck == null || !now.isBefore(this.lastCheck.checkedAt().plus(this.checkInterval))) {
			this.lastCheck = checkTables(now);
		}
		return this.lastCheck;
	}

	private Check checkTables(Instant now) {
		boolean up = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (Map.Entry<String, TableLayout> table : this.tables.entrySet()) {
			TableHealth health = check(table.getKey(), table.getValue());
			up &= health.up();
			details.put(table.getKey(), health.details());
		}
		return new Check(now, up, Collections.unmodifiableMap(details));
	}

	private TableHealth check(String tableName, TableLayout layout) {
		Map<String, Object> details = new LinkedHashMap<>();
		try {
			TableStatus status = this.client
				.describeTable((request) -> request.tableName(tableName).overrideConfiguration(this.timeout))
				.table()
				.tableStatus();
			details.put("status", String.valueOf(status));
			TimeToLiveDescription ttl = this.client
				.describeTimeToLive((request) -> request.tableName(tableName).overrideConfiguration(this.timeout))
				.timeToLiveDescription();
			boolean ttlEnabled = layout.ttlAttribute().equals(ttl.attributeName())
					&& (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
							|| ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
			details.put("timeToLive", ttlEnabled);
			if (!ttlEnabled) {
				details.put("warning", "Time to live is not enabled on attribute '" + layout.ttlAttribute()
						+ "', so expired items are never deleted");
			}
			boolean usable = status == TableStatus.ACTIVE || status == TableStatus.UPDATING;
			if (!usable) {
				details.put("reason", "Table is " + status);
			}
			return new TableHealth(usable, details);
		}
		catch (ResourceNotFoundException ex) {
			details.put("reason", "Table does not exist");
			return new TableHealth(false, details);
		}
		catch (SdkException ex) {
			details.put("reason", errorCode(ex) + " on table '" + tableName + "'");
			return new TableHealth(false, details);
		}
	}

	/**
	 * DynamoDB's error code, such as {@code AccessDeniedException}, or the exception type when the call failed
	 * before DynamoDB answered, such as {@code ApiCallTimeoutException}.
	 */
	private static String errorCode(SdkException ex) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorCode() != null) {
			return service.awsErrorDetails().errorCode();
		}
		return ex.getClass().getSimpleName();
	}

	private record Check(Instant checkedAt, boolean up, Map<String, Object> tables) {
	}

	private record TableHealth(boolean up, Map<String, Object> details) {
	}

}
