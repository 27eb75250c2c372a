package io.github.leakybucket.benchmarks;

import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * A plain Spring context holding a {@link RateLimitedCalls} bean proxied by {@link RateLimitedBeanPostProcessor},
 * its buckets in the given storage.
 */
final class RateLimitedContext {

	private RateLimitedContext() {
	}

	static AnnotationConfigApplicationContext start(BucketStorage storage, BucketConfig config) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(BucketRegistry.class,
				() -> new BucketRegistry(storage, Map.of(RateLimitedCalls.HOT, config, RateLimitedCalls.KEYED, config),
						10_000));
		context.register(Beans.class);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor() {
			return new RateLimitedBeanPostProcessor();
		}

		@Bean
		RateLimitedCalls rateLimitedCalls() {
			return new RateLimitedCalls();
		}

	}

}
