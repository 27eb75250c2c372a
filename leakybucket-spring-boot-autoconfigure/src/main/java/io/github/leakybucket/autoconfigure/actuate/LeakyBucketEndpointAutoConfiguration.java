package io.github.leakybucket.autoconfigure.actuate;

import java.util.List;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.metrics.LeakyBucketMetricsAutoConfiguration;
import io.github.leakybucket.metrics.LastKnownStates;

/**
 * Auto-configuration of the {@code leakybuckets} Actuator endpoint. Its delete operations follow Boot's endpoint
 * access model: read-only unless {@code management.endpoint.leakybuckets.access=unrestricted}.
 */
@AutoConfiguration(after = { LeakyBucketAutoConfiguration.class, LeakyBucketMetricsAutoConfiguration.class })
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean({ BucketRegistry.class, BucketStorage.class })
public final class LeakyBucketEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(LeakyBucketsEndpoint.class)
	LastKnownStates leakyBucketLastKnownStates() {
		return new LastKnownStates();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	LeakyBucketsEndpoint leakyBucketsEndpoint(BucketRegistry buckets, BucketStorage storage, LastKnownStates states,
			ObjectProvider<LeakyBucketsEndpoint.RuleSource> rules) {
		return new LeakyBucketsEndpoint(buckets, storage, states, rules.getIfAvailable(() -> List::of));
	}

}
