package io.github.leakybucket.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.github.leakybucket.kv.FencingToken;

/**
 * A lease's row as stored, read at one moment.
 *
 * @param name the lease name
 * @param owner the owner of the last grant, unique to that grant attempt
 * @param token the token of the last grant, at least 1
 * @param version the number of writes to the row (grants, renewals, releases), which only grows
 * @param released whether the last grant was released
 * @param duration the duration of the last grant
 * @param writtenAt the writer's wall-clock time of the last write, for information and the opt-in skew-bounded
 * takeover
 */
public record LeaseRecord(String name, String owner, long token, long version, boolean released, Duration duration,
		Instant writtenAt) {

	/**
	 * Creates a record.
	 * @param name the lease name
	 * @param owner the owner of the last grant
	 * @param token the token of the last grant, at least 1
	 * @param version the number of writes to the row, at least 1
	 * @param released whether the last grant was released
	 * @param duration the duration of the last grant, positive
	 * @param writtenAt the writer's wall-clock time of the last write
	 */
	public LeaseRecord {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(owner, "owner must not be null");
		Objects.requireNonNull(duration, "duration must not be null");
		Objects.requireNonNull(writtenAt, "writtenAt must not be null");
		if (token < 1) {
			throw new IllegalArgumentException("token must be at least 1, was " + token);
		}
		if (version < 1) {
			throw new IllegalArgumentException("version must be at least 1, was " + version);
		}
	}

	/**
	 * Returns the fencing token of the last grant.
	 * @return the token, with the lease name
	 */
	public FencingToken fencingToken() {
		return new FencingToken(this.name, this.token);
	}

}
