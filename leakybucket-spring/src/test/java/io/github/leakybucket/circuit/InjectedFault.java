package io.github.leakybucket.circuit;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.testsupport.DynamoDbTestServer;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault switched on and off: while on, every call of a client it is installed on fails before it is sent.
 */
public final class InjectedFault implements ExecutionInterceptor {

	private volatile boolean on;

	/**
	 * Returns a client of the test server with this fault installed.
	 * @return the client
	 */
	public DynamoDbClient client() {
		return DynamoDbTestServer.clientBuilder()
			.overrideConfiguration((config) -> config.addExecutionInterceptor(this))
			.build();
	}

	public void on() {
		this.on = true;
	}

	public void off() {
		this.on = false;
	}

	/**
	 * Opens a bucket name's circuit with failing decisions, at most a few more than the breaker's minimum of runs,
	 * then switches the fault off.
	 * @param buckets the buckets, on a client with this fault
	 * @param name the bucket name
	 */
	public void openCircuit(BucketRegistry buckets, String name) {
		on();
		try {
			for (int i = 0; i < 10; i++) {
				assertThat(buckets.bucket(name).tryAdd(1).storageFailed()).isTrue();
			}
		}
		finally {
			off();
		}
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		if (this.on) {
			throw SdkClientException.create("Injected fault");
		}
	}

}
