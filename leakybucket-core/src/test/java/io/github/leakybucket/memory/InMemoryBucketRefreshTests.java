package io.github.leakybucket.memory;

import java.time.Duration;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBucketRefreshTests {

	private static final BucketConfig HOUR_OF_TEN = BucketConfig.of(10, Duration.ofHours(1));

	private final InMemoryBucketStorage storage = new InMemoryBucketStorage();

	@Test
	void refreshReadsLevelThatAnotherHandleAdded() {
		Bucket writer = this.storage.create("shared", HOUR_OF_TEN);
		Bucket reader = this.storage.create("shared", HOUR_OF_TEN);
		writer.add(4);
		assertThat(reader.remaining()).as("first access reads the stored level").isEqualTo(6);
		writer.add(2);
		assertThat(reader.remaining()).as("then the last known level").isEqualTo(6);
		assertThat(reader.refresh().remaining()).isEqualTo(4);
		assertThat(reader.remaining()).isEqualTo(4);
	}

	@Test
	void drainEmptiesBucketForEveryHandle() {
		Bucket first = this.storage.create("drained", HOUR_OF_TEN);
		Bucket second = this.storage.create("drained", HOUR_OF_TEN);
		first.add(10);
		second.drain();
		assertThat(second.remaining()).isEqualTo(10);
		assertThat(first.tryAdd(10).admitted()).isTrue();
	}

}
