package io.github.leakybucket.autoconfigure.dynamodb;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the DynamoDB client and tables that leakybucket uses.
 */
@ConfigurationProperties("leakybucket.dynamodb")
public class DynamoDbProperties {

	/**
	 * AWS region for the client, such as eu-west-1. Unset means the SDK's default region provider chain.
	 */
	private String region;

	/**
	 * Endpoint override, such as http://localhost:8000. Unset means the region's AWS endpoint, or the embedded
	 * DynamoDB Local when it is on the class path.
	 */
	private String endpoint;

	/**
	 * Total time allowed for one call, retries included. Bounds how long a rate-limit decision can take.
	 */
	private Duration apiCallTimeout = Duration.ofSeconds(1);

	/**
	 * Time allowed for one attempt of a call. Unset means only the api-call-timeout bounds an attempt.
	 */
	private Duration apiCallAttemptTimeout;

	/**
	 * Number of retries after a failed attempt. Bucket and compare-and-swap writes are not idempotent: a retry after
	 * an attempt that timed out but was applied counts a call twice.
	 */
	private int maxRetries;

	/**
	 * Time allowed for each control-plane call (DescribeTable, CreateTable, DescribeTimeToLive, UpdateTimeToLive),
	 * retries included, and for the wait until a created table is active. Separate from api-call-timeout, so that
	 * startup does not depend on how short a decision must be.
	 */
	private Duration adminTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to create missing tables, with the right key schema and TTL enabled. Unset means only on the
	 * embedded DynamoDB Local.
	 */
	private Boolean createTables;

	private final Credentials credentials = new Credentials();

	private final Tables tables = new Tables();

	private final Embedded embedded = new Embedded();

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(String endpoint) {
		this.endpoint = endpoint;
	}

	public Duration getApiCallTimeout() {
		return this.apiCallTimeout;
	}

	public void setApiCallTimeout(Duration apiCallTimeout) {
		this.apiCallTimeout = apiCallTimeout;
	}

	public Duration getApiCallAttemptTimeout() {
		return this.apiCallAttemptTimeout;
	}

	public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
		this.apiCallAttemptTimeout = apiCallAttemptTimeout;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getAdminTimeout() {
		return this.adminTimeout;
	}

	public void setAdminTimeout(Duration adminTimeout) {
		this.adminTimeout = adminTimeout;
	}

	public Boolean getCreateTables() {
		return this.createTables;
	}

	public void setCreateTables(Boolean createTables) {
		this.createTables = createTables;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Tables getTables() {
		return this.tables;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	/**
	 * Static credentials. Unset means the SDK's default credentials provider chain.
	 */
	public static class Credentials {

		/**
		 * Access key id, paired with the secret key.
		 */
		private String accessKey;

		/**
		 * Secret access key, paired with the access key.
		 */
		private String secretKey;

		public String getAccessKey() {
			return this.accessKey;
		}

		public void setAccessKey(String accessKey) {
			this.accessKey = accessKey;
		}

		public String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(String secretKey) {
			this.secretKey = secretKey;
		}

	}

	/**
	 * Table names.
	 */
	public static class Tables {

		/**
		 * Name of the bucket table, with hash key 'name' (S) and TTL attribute '_ttl'.
		 */
		private String buckets = "leakybucket-buckets";

		/**
		 * Name of the key/value table, with hash key 'id' (S), range key 'name' (S) and TTL attribute 'expires'.
		 */
		private String kv = "leakybucket-kv";

		public String getBuckets() {
			return this.buckets;
		}

		public void setBuckets(String buckets) {
			this.buckets = buckets;
		}

		public String getKv() {
			return this.kv;
		}

		public void setKv(String kv) {
			this.kv = kv;
		}

	}

	/**
	 * Embedded DynamoDB Local, started in-process when leakybucket-dynamodb-local is on the class path, no endpoint
	 * is set and nothing points at AWS.
	 */
	public static class Embedded {

		/**
		 * Whether to start DynamoDB Local in-process when leakybucket-dynamodb-local is on the class path and no
		 * endpoint is set. Unset means only when no region and no credentials are set either, since those point at
		 * AWS.
		 */
		private Boolean enabled;

		/**
		 * Directory to keep the database file in. Unset means in memory, lost when the application stops.
		 */
		private Path databaseDirectory;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDatabaseDirectory() {
			return this.databaseDirectory;
		}

		public void setDatabaseDirectory(Path databaseDirectory) {
			this.databaseDirectory = databaseDirectory;
		}

	}

}
