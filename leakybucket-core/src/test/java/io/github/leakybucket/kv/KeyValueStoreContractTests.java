package io.github.leakybucket.kv;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The behaviour every {@link KeyValueStore} has, after the store conformance suite of valkeyrie (which dynastore's
 * tests borrow from), plus the cases dynastore got wrong. A backend runs it by extending this class. Each test works
 * in a partition of its own.
 */
public abstract class KeyValueStoreContractTests {

	protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

	protected KeyValueStore store;

	/**
	 * Returns a store of the backend under test that reads time from the given clock.
	 * @param clock the clock
	 * @return the store, in any partition
	 */
	protected abstract KeyValueStore createStore(InstantSource clock);

	@BeforeEach
	void createStoreInOwnPartition() {
		this.store = createStore(this.clock).partition("contract-" + UUID.randomUUID());
	}

	@Test
	void putGetExistsDeleteWithNestedKeys() {
		for (String key : List.of("k", "k/", "k/a/", "k/a/b")) {
			this.store.put(key, "value of " + key);
			KVPair pair = this.store.get(key).orElseThrow();
			assertThat(pair.key()).isEqualTo(key);
			assertThat(pair.valueAsString()).isEqualTo("value of " + key);
			assertThat(pair.version()).isEqualTo(1);
			assertThat(pair.expiresAt()).isNull();
			assertThat(this.store.exists(key)).isTrue();
		}
		for (String key : List.of("k", "k/", "k/a/", "k/a/b")) {
			this.store.delete(key);
			assertThat(this.store.get(key)).isEmpty();
			assertThat(this.store.exists(key)).isFalse();
		}
	}

	@Test
	void missingKeyIsEmptyAndDeletingItIsHarmless() {
		assertThat(this.store.get("missing")).isEmpty();
		assertThat(this.store.exists("missing")).isFalse();
		this.store.delete("missing");
		assertThat(this.store.get("missing")).isEmpty();
	}

	@Test
	void everyPutIncrementsTheVersion() {
		this.store.put("counter", "a");
		this.store.put("counter", "b");
		this.store.put("counter", new byte[] { 1, 2, 3 });
		KVPair pair = this.store.get("counter").orElseThrow();
		assertThat(pair.version()).isEqualTo(3);
		assertThat(pair.value()).containsExactly(1, 2, 3);
	}

	@Test
	void emptyValueIsStored() {
		this.store.put("empty", new byte[0]);
		assertThat(this.store.get("empty")).hasValueSatisfying((pair) -> assertThat(pair.value()).isEmpty());
	}

	@Test
	void unicodeKeysAndValuesRoundTrip() {
		this.store.put("clé/日本/🔑", "välue ✓");
		assertThat(this.store.get("clé/日本/🔑").orElseThrow().valueAsString()).isEqualTo("välue ✓");
	}

	@Test
	void typedValuesRoundTripAsJson() {
		this.store.put("job", new Job("resize", 3));
		assertThat(this.store.get("job", Job.class)).contains(new Job("resize", 3));
		assertThat(this.store.get("job").orElseThrow().valueAsString()).contains("\"name\"").contains("resize");
		assertThat(this.store.get("missing", Job.class)).isEmpty();
	}

	@Test
	void typedStringsAndBytesAreStoredAsTheyAre() {
		Object text = "plain";
		this.store.put("text", text);
		assertThat(this.store.get("text", String.class)).contains("plain");
		assertThat(this.store.get("text", byte[].class).orElseThrow()).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void partitionsAreIndependent() {
		KeyValueStore other = this.store.partition(this.store.partitionName() + "-other");
		this.store.put("shared", "here");
		other.put("shared", "there");
		assertThat(this.store.get("shared").orElseThrow().valueAsString()).isEqualTo("here");
		assertThat(other.get("shared").orElseThrow().valueAsString()).isEqualTo("there");
		assertThat(other.list("").items()).extracting(KVPair::key).containsExactly("shared");
		other.delete("shared");
		assertThat(this.store.exists("shared")).isTrue();
	}

	@Test
	void eventuallyConsistentReadsFindTheValue() {
		this.store.put("k", "v");
		assertThat(this.store.get("k", ReadOptions.eventuallyConsistent())).isPresent();
		assertThat(this.store.exists("k", ReadOptions.eventuallyConsistent())).isTrue();
	}

	@Test
	void listReturnsKeysWithThePrefixInOrder() {
		for (String key : List.of("list/c/d", "list/a", "list/b", "listing", "other/a", "list")) {
			this.store.put(key, key);
		}
		Page page = this.store.list("list/");
		assertThat(page.items()).extracting(KVPair::key).containsExactly("list/a", "list/b", "list/c/d");
		assertThat(page.items()).extracting(KVPair::valueAsString).containsExactly("list/a", "list/b", "list/c/d");
		assertThat(page.hasMore()).isFalse();
		assertThat(this.store.list("list").items()).hasSize(5);
		assertThat(this.store.list("").items()).hasSize(6);
		assertThat(this.store.list("nothing/").items()).isEmpty();
	}

	@Test
	void listPagesFollowTheCursorAscending() {
		List<String> keys = putKeys("page/", 7);
		assertThat(listAll("page/", ListOptions.defaults().withLimit(3))).containsExactlyElementsOf(keys);
		Page first = this.store.list("page/", ListOptions.defaults().withLimit(3));
		assertThat(first.items()).extracting(KVPair::key).containsExactlyElementsOf(keys.subList(0, 3));
		assertThat(first.hasMore()).isTrue();
	}

	@Test
	void listPagesFollowTheCursorDescending() {
		List<String> keys = new ArrayList<>(putKeys("page/", 7));
		java.util.Collections.reverse(keys);
		ListOptions options = ListOptions.defaults().withLimit(2).withOrder(SortOrder.DESCENDING);
		assertThat(listAll("page/", options)).containsExactlyElementsOf(keys);
	}

	@Test
	void cursorOfAnotherPrefixIsRefused() {
		putKeys("a/", 3);
		putKeys("b/", 3);
		Page page = this.store.list("a/", ListOptions.defaults().withLimit(1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.list("b/", ListOptions.defaults().withCursor(page.cursor())))
			.withMessageContaining("cursor")
			.withMessageContaining("prefix");
	}

	@Test
	void cursorOfTheOtherOrderIsRefused() {
		putKeys("a/", 3);
		Page page = this.store.list("a/", ListOptions.defaults().withLimit(1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.list("a/",
				ListOptions.defaults().withCursor(page.cursor()).withOrder(SortOrder.DESCENDING)))
			.withMessageContaining("cursor")
			.withMessageContaining("order");
	}

	@Test
	void malformedCursorsAreRefused() {
		for (String cursor : List.of("", "!!!", "YQ", "eGFiYw", "YWJj=", "YWJ\u00e9", "YYE")) {
			assertThatIllegalArgumentException()
				.as("cursor '%s'", cursor)
				.isThrownBy(() -> this.store.list("", ListOptions.defaults().withCursor(cursor)))
				.withMessageStartingWith("cursor is malformed");
		}
	}

	@Test
	void atomicPutCreatesAKeyOnce() {
		KVPair created = this.store.atomicPut("lock", "owner-1", null);
		assertThat(created.version()).isEqualTo(1);
		assertThat(created.valueAsString()).isEqualTo("owner-1");
		assertThat(this.store.get("lock")).contains(created);
		assertThatExceptionOfType(KeyExistsException.class)
			.isThrownBy(() -> this.store.atomicPut("lock", "owner-2", null))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("lock"));
		assertThat(this.store.get("lock").orElseThrow().valueAsString()).isEqualTo("owner-1");
	}

	@Test
	void atomicPutSwapsAnExistingKey() {
		this.store.put("k", "one");
		KVPair previous = this.store.get("k").orElseThrow();
		KVPair swapped = this.store.atomicPut("k", "two", previous);
		assertThat(swapped.version()).isEqualTo(2);
		assertThat(this.store.get("k")).contains(swapped);
	}

	@Test
	void atomicPutWithTheWrongVersionFailsAndChangesNothing() {
		this.store.put("k", "one");
		KVPair stale = this.store.get("k").orElseThrow();
		this.store.put("k", "two");
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicPut("k", "three", stale))
			.satisfies((ex) -> {
				assertThat(ex.getExpectedVersion()).isEqualTo(1);
				assertThat(ex.getCurrent()).hasValueSatisfying((current) -> {
					assertThat(current.version()).isEqualTo(2);
					assertThat(current.valueAsString()).isEqualTo("two");
				});
			});
		assertThat(this.store.get("k").orElseThrow().valueAsString()).isEqualTo("two");
	}

	@Test
	void atomicPutOnADeletedKeyFails() {
		this.store.put("k", "one");
		KVPair previous = this.store.get("k").orElseThrow();
		this.store.delete("k");
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicPut("k", "two", previous))
			.satisfies((ex) -> assertThat(ex.getCurrent()).isEmpty());
		assertThat(this.store.exists("k")).isFalse();
	}

	@Test
	void atomicPutWithThePairOfAnotherKeyIsRefused() {
		this.store.put("a", "one");
		KVPair a = this.store.get("a").orElseThrow();
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.atomicPut("b", "two", a))
			.withMessageContaining("previous");
	}

	@Test
	void atomicDeleteDeletesTheExpectedVersionOnly() {
		this.store.put("k", "one");
		KVPair stale = this.store.get("k").orElseThrow();
		this.store.put("k", "two");
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicDelete("k", stale));
		assertThat(this.store.exists("k")).isTrue();
		KVPair current = this.store.get("k").orElseThrow();
		assertThat(this.store.atomicDelete("k", current)).isTrue();
		assertThat(this.store.exists("k")).isFalse();
		assertThat(this.store.atomicDelete("k", current)).isFalse();
	}

	@Test
	void atomicDeleteWithoutPreviousOnAMissingKeyReturnsFalse() {
		assertThat(this.store.atomicDelete("missing", null)).isFalse();
	}

	@Test
	void atomicDeleteWithoutPreviousOnAnExistingKeyFailsAndKeepsIt() {
		this.store.put("k", "one");
		assertThatExceptionOfType(KeyModifiedException.class).isThrownBy(() -> this.store.atomicDelete("k", null))
			.satisfies((ex) -> assertThat(ex.getCurrent()).isPresent());
		assertThat(this.store.exists("k")).isTrue();
	}

	@Test
	void ttlExpiryHidesThePair() {
		KVPair created = this.store.atomicPut("session", "s".getBytes(StandardCharsets.UTF_8), null,
				PutOptions.ttl(Duration.ofSeconds(10)));
		assertThat(created.expiresAt()).isEqualTo(this.clock.instant().plusSeconds(10));
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(this.store.get("session")).contains(created);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.store.get("session")).isEmpty();
		assertThat(this.store.exists("session")).isFalse();
		assertThat(this.store.list("").items()).isEmpty();
		assertThat(this.store.getAll(List.of("session"))).isEmpty();
	}

	@Test
	void ttlIsRoundedUpToAWholeSecond() {
		this.clock.advance(Duration.ofMillis(300));
		this.store.put("k", "v", PutOptions.ttl(Duration.ofMillis(1500)));
		KVPair pair = this.store.get("k").orElseThrow();
		assertThat(pair.expiresAt()).isAfterOrEqualTo(this.clock.instant().plusMillis(1500))
			.isBefore(this.clock.instant().plusMillis(2500));
	}

	@Test
	void putWithoutTtlRemovesAnEarlierExpiry() {
		this.store.put("k", "short-lived", PutOptions.ttl(Duration.ofSeconds(5)));
		this.store.put("k", "forever");
		this.clock.advance(Duration.ofDays(1));
		KVPair pair = this.store.get("k").orElseThrow();
		assertThat(pair.valueAsString()).isEqualTo("forever");
		assertThat(pair.expiresAt()).isNull();
	}

	@Test
	void expiredPairCanBeCreatedAgain() {
		this.store.put("lock", "old-owner", PutOptions.ttl(Duration.ofSeconds(5)));
		this.clock.advance(Duration.ofSeconds(6));
		KVPair created = this.store.atomicPut("lock", "new-owner", null);
		assertThat(created.version()).isGreaterThan(1);
		assertThat(this.store.get("lock")).contains(created);
	}

	@Test
	void pairReadBeforeExpiryCannotSwapTheRecreatedKey() {
		this.store.put("lock", "old-owner", PutOptions.ttl(Duration.ofSeconds(5)));
		KVPair stale = this.store.get("lock").orElseThrow();
		this.clock.advance(Duration.ofSeconds(6));
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicPut("lock", "late", stale));
		this.store.atomicPut("lock", "new-owner", null);
		assertThatExceptionOfType(KeyModifiedException.class)
			.isThrownBy(() -> this.store.atomicPut("lock", "late", stale));
		assertThat(this.store.get("lock").orElseThrow().valueAsString()).isEqualTo("new-owner");
	}

	@Test
	void atomicDeleteOfAnExpiredPairReturnsFalse() {
		this.store.put("k", "v", PutOptions.ttl(Duration.ofSeconds(5)));
		KVPair previous = this.store.get("k").orElseThrow();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.store.atomicDelete("k", previous)).isFalse();
		assertThat(this.store.atomicDelete("k", null)).isFalse();
	}

	@Test
	void pagedListingNeverReturnsExpiredPairs() {
		Map<String, byte[]> values = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			String key = "item/" + i;
			if (i % 3 == 0) {
				this.store.put(key, key);
			}
			else {
				this.store.put(key, key, PutOptions.ttl(Duration.ofSeconds(1)));
			}
			values.put(key, key.getBytes(StandardCharsets.UTF_8));
		}
		this.clock.advance(Duration.ofSeconds(1));
		for (SortOrder order : SortOrder.values()) {
			List<String> keys = listAll("item/", ListOptions.defaults().withLimit(2).withOrder(order));
			assertThat(keys).containsExactlyInAnyOrder("item/0", "item/3", "item/6", "item/9");
		}
	}

	@Test
	void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
		this.store.atomicPut("counter", "0", null);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> conflicts = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				conflicts.add(executor.submit(() -> incrementTimes("counter", 100)));
			}
			int total = 0;
			for (Future<Integer> result : conflicts) {
				total += result.get();
			}
			assertThat(total).as("lost swaps, which show the threads contended").isPositive();
		}
		finally {
			executor.shutdown();
		}
		KVPair counter = this.store.get("counter").orElseThrow();
		assertThat(counter.valueAsString()).isEqualTo("800");
		assertThat(counter.version()).isEqualTo(801);
	}

	@Test
	void bulkOperationsHandleManyKeys() {
		Map<String, byte[]> values = new LinkedHashMap<>();
		for (int i = 0; i < 250; i++) {
			values.put(String.format("bulk/%03d", i), ("value " + i).getBytes(StandardCharsets.UTF_8));
		}
		this.store.putAll(values);
		List<String> wanted = new ArrayList<>(values.keySet());
		wanted.add(0, "bulk/missing");
		wanted.add("bulk/000");
		Map<String, KVPair> found = this.store.getAll(wanted);
		assertThat(found).hasSize(250);
		assertThat(found.keySet()).containsExactlyElementsOf(values.keySet());
		assertThat(found.get("bulk/123").valueAsString()).isEqualTo("value 123");
		assertThat(listAll("bulk/", ListOptions.defaults().withLimit(100))).hasSize(250);
		this.store.put("other", "stays");
		assertThat(this.store.deletePrefix("bulk/")).isEqualTo(250);
		assertThat(this.store.getAll(values.keySet())).isEmpty();
		assertThat(this.store.list("").items()).extracting(KVPair::key).containsExactly("other");
	}

	@Test
	void putAllWithTtlExpires() {
		this.store.putAll(Map.of("a", new byte[] { 1 }, "b", new byte[] { 2 }), PutOptions.ttl(Duration.ofSeconds(2)));
		assertThat(this.store.getAll(List.of("a", "b"))).hasSize(2);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.store.getAll(List.of("a", "b"))).isEmpty();
	}

	@Test
	void emptyKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.put("", "v"))
			.withMessage("key must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get(""))
			.withMessage("key must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.atomicPut("", "v", null))
			.withMessage("key must not be empty");
	}

	@Test
	void keyOverTheSortKeyLimitIsRefused() {
		String tooLong = "é".repeat(513);
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.put(tooLong, "v"))
			.withMessageContaining("1026 bytes")
			.withMessageContaining("limit of 1024 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.putAll(Map.of("ok", new byte[0], tooLong, new byte[0])))
			.withMessageContaining("limit of 1024 bytes");
		assertThat(this.store.exists("ok")).isFalse();
		String longest = "é".repeat(512);
		this.store.put(longest, "v");
		assertThat(this.store.exists(longest)).isTrue();
	}

	@Test
	void emptyPartitionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.partition(""))
			.withMessage("partition must not be empty");
	}

	@Test
	void nonPositiveTtlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PutOptions.ttl(Duration.ZERO))
			.withMessage("ttl must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> PutOptions.ttl(Duration.ofSeconds(-1)))
			.withMessageContaining("ttl must be positive");
	}

	private int incrementTimes(String key, int times) {
		int conflicts = 0;
		for (int i = 0; i < times; i++) {
			KVPair current = this.store.get(key).orElseThrow();
			while (true) {
				try {
					this.store.atomicPut(key, Integer.toString(Integer.parseInt(current.valueAsString()) + 1), current);
					break;
				}
				catch (KeyModifiedException ex) {
					conflicts++;
					current = ex.getCurrent().orElseThrow();
				}
			}
		}
		return conflicts;
	}

	private List<String> putKeys(String prefix, int count) {
		List<String> keys = IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
		for (String key : keys) {
			this.store.put(key, key);
		}
		return keys;
	}

	private List<String> listAll(String prefix, ListOptions options) {
		List<String> keys = new ArrayList<>();
		Page page = this.store.list(prefix, options);
		keys.addAll(page.items().stream().map(KVPair::key).toList());
		int pages = 1;
		while (page.hasMore()) {
			page = this.store.list(prefix, options.withCursor(page.cursor()));
			keys.addAll(page.items().stream().map(KVPair::key).toList());
			assertThat(page.items().size()).isLessThanOrEqualTo(options.limit());
			assertThat(++pages).as("pages").isLessThan(1000);
		}
		return keys;
	}

	record Job(String name, int attempts) {
	}

}
