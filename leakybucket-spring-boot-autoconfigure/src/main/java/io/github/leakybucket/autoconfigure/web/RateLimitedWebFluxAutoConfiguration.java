package io.github.leakybucket.autoconfigure.web;

import java.time.InstantSource;

import io.github.leakybucket.autoconfigure.annotation.RateLimitedAutoConfiguration;
import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.reactive.RateLimitHeadersWebFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Auto-configuration of {@link io.github.leakybucket.annotation.RateLimited @RateLimited} in a Spring WebFlux
 * application, mirroring {@link RateLimitedWebMvcAutoConfiguration}: the same {@link RateLimitedExceptionHandler}
 * answers rejections with {@code 429 Too Many Requests}, or {@code 503 Service Unavailable} when a fail-closed
 * bucket's storage failed, and, unless {@code leakybucket.web.headers} is {@code false}, a
 * {@link RateLimitHeadersWebFilter} adds the {@code RateLimit-Policy} and {@code RateLimit} fields to responses whose
 * handlers return a {@code Mono} or {@code Flux}.
 */
@AutoConfiguration(after = RateLimitedAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ DispatcherHandler.class, RateLimitHeadersWebFilter.class })
@EnableConfigurationProperties(RateLimitedWebProperties.class)
public final class RateLimitedWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitedExceptionHandler rateLimitedExceptionHandler(RateLimitedWebProperties properties) {
		return RateLimitedExceptionHandlers.of(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "leakybucket.web.headers", matchIfMissing = true)
	RateLimitHeadersWebFilter rateLimitHeadersWebFilter(RateLimitedWebProperties properties) {
		return new RateLimitHeadersWebFilter(InstantSource.system(), properties.getHeadersDraft());
	}

}
