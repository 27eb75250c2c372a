package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The storage of lease rows: a strongly consistent read and four conditional writes, each one request. The lease
 * logic ({@link Leases}) is written once above it. A write either applies, fails its condition (and then returns
 * the row as it is), or throws: a thrown exception means the outcome is unknown, and the caller reads the row back.
 * Rows are never deleted.
 * <p>
 * {@code io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable} keeps the rows in a partition of the key/value
 * table.
 */
public interface LeaseTable {

	/**
	 * Checks a lease name against the table's key limits, before anything is written.
	 * @param name the lease name
	 * @throws IllegalArgumentException if the name is empty or too long, naming the limit
	 */
	void checkName(String name);

	/**
	 * Reads a lease's row, strongly consistently.
	 * @param name the lease name
	 * @return the row, or empty if the name was never granted
	 */
	Optional<LeaseRecord> read(String name);

	/**
	 * Grants a lease if its row is missing or released: token + 1 (1 for a new row), version + 1, not released.
	 * @param name the lease name
	 * @param owner the new owner
	 * @param duration the duration
	 * @param now the writer's wall-clock time
	 * @return the outcome
	 */
	WriteResult grant(String name, String owner, Duration duration, Instant now);

	/**
	 * Grants a lease over a row that still has the observed version: token + 1, version + 1, not released.
	 * @param observed the row as observed
	 * @param owner the new owner
	 * @param duration the duration
	 * @param now the writer's wall-clock time
	 * @return the outcome
	 */
	WriteResult takeOver(LeaseRecord observed, String owner, Duration duration, Instant now);

	/**
	 * Renews a lease if its row still has the held owner, token and version and is not released: version + 1.
	 * @param held the row as last written by the holder
	 * @param now the writer's wall-clock time
	 * @return the outcome
	 */
	WriteResult renew(LeaseRecord held, Instant now);

	/**
	 * Releases a lease if its row still has the held owner and token and is not released: released, version + 1.
	 * @param held the row as last written by the holder
	 * @param now the writer's wall-clock time
	 * @return the outcome
	 */
	WriteResult release(LeaseRecord held, Instant now);

	/**
	 * The outcome of a conditional write.
	 *
	 * @param applied whether the condition held and the write was applied
	 * @param row the row as written if applied, else the row as found, or {@code null} if none was found
	 */
	record WriteResult(boolean applied, LeaseRecord row) {

		/**
		 * Returns the outcome of an applied write.
		 * @param row the row as written
		 * @return the outcome
		 */
		public static WriteResult applied(LeaseRecord row) {
			return new WriteResult(true, row);
		}

		/**
		 * Returns the outcome of a write whose condition failed.
		 * @param current the row as found, or {@code null} if none was found
		 * @return the outcome
		 */
		public static WriteResult refused(LeaseRecord current) {
			return new WriteResult(false, current);
		}

	}

}
