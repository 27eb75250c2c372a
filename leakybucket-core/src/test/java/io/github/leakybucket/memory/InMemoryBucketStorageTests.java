package io.github.leakybucket.memory;

import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.BucketStorageContractTests;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBucketStorageTests extends BucketStorageContractTests {

	@Override
	protected BucketStorage createStorage(MutableClock clock) {
		return new InMemoryBucketStorage(clock, DecisionListener.NONE);
	}

	@Override
	protected void assertNothingStored(String name) {
		assertThat(this.storage.create(name, 10, DRAIN).remaining()).isEqualTo(10);
	}

}
