package io.github.leakybucket.benchmarks.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The sample application without the starter, for the start-up comparison: run from the sample's own jar, with the
 * same web server, Actuator and {@code HelloController} (whose {@code @RateLimited} then does nothing), but none of
 * leakybucket's auto-configurations, and without {@code NotesController}, which needs the starter's key/value store.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = {
		"io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration",
		"io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration",
		"io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration",
		"io.github.leakybucket.autoconfigure.metrics.LeakyBucketMetricsAutoConfiguration",
		"io.github.leakybucket.autoconfigure.actuate.LeakyBucketEndpointAutoConfiguration",
		"io.github.leakybucket.autoconfigure.actuate.LeakyBucketHealthContributorAutoConfiguration",
		"io.github.leakybucket.autoconfigure.annotation.RateLimitedAutoConfiguration",
		"io.github.leakybucket.autoconfigure.web.RateLimitedWebMvcAutoConfiguration",
		"io.github.leakybucket.autoconfigure.web.RateLimitedWebFluxAutoConfiguration",
		"io.github.leakybucket.autoconfigure.kv.KeyValueStoreAutoConfiguration" })
@ComponentScan(basePackages = "io.github.leakybucket.sample", excludeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX, pattern = "io\\.github\\.leakybucket\\.sample\\.(SampleApplication|NotesController).*"))
public class BareSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareSampleApplication.class, args);
	}

}
