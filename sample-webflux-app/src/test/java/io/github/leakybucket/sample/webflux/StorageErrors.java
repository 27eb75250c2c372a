package io.github.leakybucket.sample.webflux;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketState;
import io.github.leakybucket.DecisionListener;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the storage errors of every decision. A blocking call that BlockHound catches during a decision surfaces
 * here, as a storage failure whose cause is {@code BlockingOperationError}.
 */
class StorageErrors implements DecisionListener {

	private final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

	@Override
	public void onError(Bucket bucket, RuntimeException error, BucketState state) {
		this.errors.add(error);
	}

	List<RuntimeException> errors() {
		return this.errors;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		StorageErrors storageErrors() {
			return new StorageErrors();
		}

	}

}
