package io.github.leakybucket.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitSpecSource}.
 */
class RateLimitSpecSourceTests {

	private final BucketRegistry registry = new BucketRegistry(new InMemoryBucketStorage(),
			Map.of("demo", BucketConfig.of(10, Duration.ofSeconds(10))), 10);

	private final RateLimitSpecSource source = new RateLimitSpecSource(() -> this.registry, (value) -> value);

	@Test
	void parsesEachMethodOnce() {
		Method method = method("byId");
		RateLimitSpec spec = this.source.get(method, Sample.class);
		assertThat(spec).isNotNull();
		assertThat(this.source.get(method, Sample.class)).isSameAs(spec);
	}

	@Test
	void remembersMethodsWithoutTheAnnotation() {
		assertThat(this.source.get(method("plain"), Sample.class)).isNull();
	}

	@Test
	void readsAPlainParameterReferenceWithoutSpel() {
		RateLimitSpec spec = this.source.get(method("byId"), Sample.class);
		assertThat(spec.key()).isNotNull();
		assertThat(spec.key().compute(new Object[] { "42" }, null)).isEqualTo("42");
	}

	@Test
	void readsAnIndexedParameterReference() {
		RateLimitSpec spec = this.source.get(method("byIndex"), Sample.class);
		assertThat(spec.key().compute(new Object[] { "7" }, null)).isEqualTo("7");
	}

	@Test
	void evaluatesOtherExpressionsWithSpel() {
		Method method = method("byExpression");
		RateLimitSpec spec = this.source.get(method, Sample.class);
		assertThat(spec.key().compute(new Object[] { "abc" }, new Sample())).isEqualTo("ABC-byExpression");
	}

	@Test
	void resolvesTheBucketCostAndDescription() {
		RateLimitSpec spec = this.source.get(method("byId"), Sample.class);
		assertThat(spec.bucket()).isEqualTo("demo");
		assertThat(spec.cost()).isEqualTo(2);
		assertThat(spec.description()).isEqualTo("RateLimitSpecSourceTests.Sample.byId(String)");
		assertThat(spec.fallback()).isNull();
	}

	private static Method method(String name) {
		return ReflectionUtils.findMethod(Sample.class, name, (Class<?>[]) null);
	}

	static class Sample {

		@RateLimited(bucket = "demo", key = "#id", cost = 2)
		public void byId(String id) {
		}

		@RateLimited(bucket = "demo", key = "#p0")
		public void byIndex(String id) {
		}

		@RateLimited(bucket = "demo", key = "#name.toUpperCase() + '-' + #root.method.name")
		public void byExpression(String name) {
		}

		public void plain() {
		}

	}

}
