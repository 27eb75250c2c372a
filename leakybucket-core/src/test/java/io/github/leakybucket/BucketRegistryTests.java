package io.github.leakybucket;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.testsupport.CountingInterceptor;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BucketRegistryTests {

	private static final BucketConfig CONFIG = BucketConfig.of(10, Duration.ofMinutes(1));

	@Test
	void floodOfDistinctKeysKeepsTheHandleCacheBounded() {
		CountingInterceptor requests = new CountingInterceptor();
		try (DynamoDbClient client = requests.client()) {
			BucketRegistry registry = new BucketRegistry(DynamoDbBucketStorage.builder(client).verifyTable(false).build(),
					Map.of("api", CONFIG), 100);
			for (int i = 0; i < 50_000; i++) {
				registry.bucket("api", "user-" + i);
			}
			assertThat(registry.keyedBucketCount()).isLessThanOrEqualTo(100);
			assertThat(requests.total()).isZero();
		}
	}

	@Test
	void keyedHandlesAreReused() {
		BucketRegistry registry = new BucketRegistry(new InMemoryBucketStorage(),
				Map.of("api", CONFIG), 100);
		assertThat(registry.bucket("api", "alice")).isSameAs(registry.bucket("api", "alice"));
		assertThat(registry.bucket("api")).isSameAs(registry.bucket("api"));
		assertThat(registry.keyedBucketCount()).isEqualTo(1);
	}

	@Test
	void unknownBucketNamesTheConfiguredOnes() {
		BucketRegistry registry = new BucketRegistry(new InMemoryBucketStorage(),
				Map.of("api", CONFIG), 100);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.bucket("nope", "k"))
			.withMessageContaining("'nope'")
			.withMessageContaining("[api]");
	}

}
