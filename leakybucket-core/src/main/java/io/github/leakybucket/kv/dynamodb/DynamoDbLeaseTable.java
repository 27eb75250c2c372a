package io.github.leakybucket.kv.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.github.leakybucket.lease.LeaseRecord;
import io.github.leakybucket.lease.LeaseTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link LeaseTable} in a partition of its own of a key/value table
 * ({@link io.github.leakybucket.dynamodb.TableLayout#KEY_VALUE}): one item per lease name, never deleted and never
 * given a TTL, so that its token never resets. Every write is one conditional UpdateItem that returns the item as
 * it was when its condition fails; reads are strongly consistent GetItems.
 * <p>
 * Do not delete the partition's items, nor write them through a {@link io.github.leakybucket.kv.KeyValueStore}: a
 * deleted lease starts again at token 1.
 */
public final class DynamoDbLeaseTable implements LeaseTable {

	/** Partition of the lease rows unless another is given. */
	public static final String DEFAULT_PARTITION = "leakybucket-leases";

	private final DynamoDbClient client;

	private final String tableName;

	private final String partition;

	private DynamoDbLeaseTable(DynamoDbClient client, String tableName, String partition) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.tableName = Objects.requireNonNull(tableName, "tableName must not be null");
		this.partition = InputLimits.partition(partition);
	}

	/**
	 * Returns a lease table in the {@link #DEFAULT_PARTITION default partition} of a key/value table.
	 * @param client the DynamoDB client
	 * @param tableName the key/value table
	 * @return the lease table
	 */
	public static DynamoDbLeaseTable create(DynamoDbClient client, String tableName) {
		return create(client, tableName, DEFAULT_PARTITION);
	}

	/**
	 * Returns a lease table in a given partition of a key/value table.
	 * @param client the DynamoDB client
	 * @param tableName the key/value table
	 * @param partition the partition of the lease rows, kept for leases only
	 * @return the lease table
	 * @throws IllegalArgumentException if the partition is empty or too long
	 */
	public static DynamoDbLeaseTable create(DynamoDbClient client, String tableName, String partition) {
		return new DynamoDbLeaseTable(client, tableName, partition);
	}

	/**
	 * Returns the partition the lease rows are kept in.
	 * @return the partition name
	 */
	public String partitionName() {
		return this.partition;
	}

	@Override
	public void checkName(String name) {
		InputLimits.key(name);
	}

	@Override
	public Optional<LeaseRecord> read(String name) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public WriteResult grant(String name, String owner, Duration duration, Instant now) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public WriteResult takeOver(LeaseRecord observed, String owner, Duration duration, Instant now) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public WriteResult renew(LeaseRecord held, Instant now) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public WriteResult release(LeaseRecord held, Instant now) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public String toString() {
		return "DynamoDbLeaseTable[table=" + this.tableName + ", partition=" + this.partition + "]";
	}

}
