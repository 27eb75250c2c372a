package io.github.leakybucket.kv.dynamodb;

import java.util.ArrayList;
import java.util.List;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyExistsException;
import io.github.leakybucket.kv.KeyModifiedException;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.StaleTokenException;
import io.github.leakybucket.testsupport.CountingInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Fenced writes on DynamoDB Local: a write carrying an older token than the key has recorded is refused.
 */
class DynamoDbFencedWriteTests {

	private static final CountingInterceptor counter = new CountingInterceptor();

	private static DynamoDbClient client;

	private static String tableName;

	private final List<String> outcomes = new ArrayList<>();

	private KeyValueStore store;

	@BeforeAll
	static void createTable() {
		client = counter.client();
		tableName = io.github.leakybucket.testsupport.DynamoDbTestServer.uniqueTableName("fenced");
		new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void setUp() {
		this.store = DynamoDbKeyValueStore.builder(client, tableName)
			.defaultPartition("p-" + System.nanoTime())
			.listener((operation, outcome, elapsed) -> this.outcomes.add(operation + ":" + outcome.tagValue()))
			.build();
		counter.reset();
	}

	private static FencingToken token(long value) {
		return new FencingToken("job", value);
	}

	@Test
	void fencedPutRecordsItsTokenInOneWrite() {
		this.store.putFenced("counter", "1", token(3));
		assertThat(counter.count(UpdateItemRequest.class)).isOne();
		assertThat(this.store.fence("counter")).contains(token(3));
		KVPair pair = this.store.get("counter").orElseThrow();
		assertThat(pair.valueAsString()).isEqualTo("1");
		assertThat(pair.version()).isEqualTo(1);
		assertThat(pair.hasExpiry()).isFalse();
	}

	@Test
	void sameOrNewerTokenWritesAgain() {
		this.store.putFenced("counter", "1", token(3));
		this.store.putFenced("counter", "2", token(3));
		this.store.putFenced("counter", "3", token(7));
		assertThat(this.store.get("counter").orElseThrow().valueAsString()).isEqualTo("3");
		assertThat(this.store.fence("counter")).contains(token(7));
	}

	@Test
	void olderTokenIsRefusedAndWritesNothing() {
		this.store.putFenced("counter", "new", token(5));
		assertThatExceptionOfType(StaleTokenException.class)
			.isThrownBy(() -> this.store.putFenced("counter", "old", token(4)))
			.withMessage("Write to key 'counter' refused: token 4 of lease 'job' is stale, the key has recorded token 5")
			.satisfies((ex) -> {
				assertThat(ex.getKey()).isEqualTo("counter");
				assertThat(ex.getToken()).isEqualTo(token(4));
				assertThat(ex.getRecordedToken()).isEqualTo(token(5));
			});
		KVPair pair = this.store.get("counter").orElseThrow();
		assertThat(pair.valueAsString()).isEqualTo("new");
		assertThat(pair.version()).isEqualTo(1);
		assertThat(this.outcomes).contains("put-fenced:conflict");
	}

	@Test
	void tokenOfAnotherLeaseIsRefusedAndWritesNothing() {
		this.store.putFenced("counter", "mine", token(1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.putFenced("counter", "theirs", new FencingToken("other", 99)))
			.withMessageContaining("lease 'other'")
			.withMessageContaining("fenced by lease 'job'");
		assertThat(this.store.get("counter").orElseThrow().valueAsString()).isEqualTo("mine");
		assertThat(this.store.fence("counter")).contains(token(1));
	}

	@Test
	void atomicFencedCreateAndSwap() {
		KVPair created = this.store.atomicPutFenced("counter", "1".getBytes(), null, token(1));
		assertThat(created.version()).isEqualTo(1);
		assertThatExceptionOfType(KeyExistsException.class)
			.isThrownBy(() -> this.store.atomicPutFenced("counter", "x".getBytes(), null, token(1)));
		KVPair swapped = this.store.atomicPutFenced("counter", "2".getBytes(), created, token(2));
		assertThat(swapped.version()).isEqualTo(2);
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicPutFenced("counter", "3".getBytes(), created, token(2)));
		assertThat(this.store.fence("counter")).contains(token(2));
	}

	@Test
	void staleTokenIsReportedBeforeAVersionConflict() {
		KVPair created = this.store.atomicPutFenced("counter", "1".getBytes(), null, token(1));
		this.store.atomicPutFenced("counter", "2".getBytes(), created, token(2));
		assertThatExceptionOfType(StaleTokenException.class)
			.isThrownBy(() -> this.store.atomicPutFenced("counter", "3".getBytes(), created, token(1)));
		assertThat(this.store.get("counter").orElseThrow().valueAsString()).isEqualTo("2");
	}

	@Test
	void keyWrittenWithoutTokenHasNoFence() {
		this.store.put("plain", "v");
		assertThat(this.store.fence("plain")).isEmpty();
		assertThat(this.store.fence("missing")).isEmpty();
		this.store.putFenced("plain", "w", token(1));
		assertThat(this.store.get("plain").orElseThrow().version()).isEqualTo(2);
	}

	@Test
	void badInputWritesNothing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.putFenced("k".repeat(1025), "v", token(1)))
			.withMessageContaining("1024 bytes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.putFenced("big", new byte[400 * 1024], token(1)))
			.withMessageContaining("400 KB");
		assertThatIllegalArgumentException().isThrownBy(() -> new FencingToken("job", 0))
			.withMessageContaining("at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> token(1).compareTo(new FencingToken("other", 1)))
			.withMessageContaining("lease 'other'");
		assertThat(counter.count(UpdateItemRequest.class)).isZero();
	}

}
