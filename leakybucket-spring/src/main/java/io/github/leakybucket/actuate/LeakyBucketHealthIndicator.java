package io.github.leakybucket.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.leakybucket.dynamodb.TableLayout;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
 */
public class LeakyBucketHealthIndicator extends AbstractHealthIndicator {

	private final DynamoDbClient client;

	private final Map<String, TableLayout> tables;

	private final AwsRequestOverrideConfiguration timeout;

	/**
	 * Creates an indicator.
	 * @param client the client to describe tables with
	 * @param tables the tables to check, by name, with their layout
	 * @param timeout how long each describe call may take, retries included
	 */
	public LeakyBucketHealthIndicator(DynamoDbClient client, Map<String, TableLayout> tables, Duration timeout) {
		super("DynamoDB tables of leakybucket are unavailable");
		this.client = Objects.requireNonNull(client, "client");
		this.tables = Map.copyOf(tables);
		this.timeout = AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(timeout)
			.apiCallAttemptTimeout(timeout)
			.build();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (Map.Entry<String, TableLayout> table : this.tables.entrySet()) {
			TableHealth health = check(table.getKey(), table.getValue());
			up &= health.up();
			details.put(table.getKey(), health.details());
		}
		builder.status(up ? Status.UP : Status.DOWN).withDetail("tables", details);
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
			details.put("reason", ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return new TableHealth(false, details);
		}
	}

	private record TableHealth(boolean up, Map<String, Object> details) {
	}

}
