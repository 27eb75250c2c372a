package io.github.leakybucket.autoconfigure.annotation;

import io.github.leakybucket.annotation.RateLimited;
import io.github.leakybucket.annotation.RateLimitedBeanPostProcessor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of {@link RateLimited @RateLimited}: a {@link RateLimitedBeanPostProcessor} that proxies
 * annotated beans and drains the buckets of the context's {@link io.github.leakybucket.BucketRegistry}.
 * <p>
 * {@code leakybucket.aspect.order} places the rate check among the other advisors of a bean. Its default,
 * {@link RateLimitedBeanPostProcessor#DEFAULT_ADVISOR_ORDER} ({@code Ordered.HIGHEST_PRECEDENCE + 1000}), is lower
 * than the {@code Ordered.LOWEST_PRECEDENCE} that {@code @Transactional} and {@code @Cacheable} use by default, so a
 * rejected call begins no transaction and reads no cache. Like Boot's other proxies, it proxies classes rather than
 * interfaces unless {@code spring.aop.proxy-target-class} is {@code false}.
 * <p>
 * {@code leakybucket.reactive.offload-decisions} (on by default) makes methods returning {@code Mono} or
 * {@code Flux} decide on Reactor's bounded-elastic scheduler: the storages built on a blocking client decide on the
 * thread that asks, which must never be an event loop. Turn it off only with a storage that never blocks.
 */
@AutoConfiguration(afterName = "io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration")
@ConditionalOnClass(RateLimitedBeanPostProcessor.class)
@EnableConfigurationProperties({ RateLimitedAspectProperties.class, RateLimitedReactiveProperties.class })
public final class RateLimitedAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor(Environment environment) {
		RateLimitedAspectProperties properties = Binder.get(environment)
			.bindOrCreate("leakybucket.aspect", RateLimitedAspectProperties.class);
		RateLimitedReactiveProperties reactive = Binder.get(environment)
			.bindOrCreate("leakybucket.reactive", RateLimitedReactiveProperties.class);
		RateLimitedBeanPostProcessor postProcessor = new RateLimitedBeanPostProcessor();
		postProcessor.setAdvisorOrder(properties.getOrder());
		postProcessor.setOffloadReactiveDecisions(reactive.isOffloadDecisions());
		postProcessor.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
		return postProcessor;
	}

}
