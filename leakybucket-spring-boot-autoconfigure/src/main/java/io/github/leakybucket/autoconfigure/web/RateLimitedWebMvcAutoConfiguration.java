package io.github.leakybucket.autoconfigure.web;

import java.time.InstantSource;

import io.github.leakybucket.autoconfigure.annotation.RateLimitedAutoConfiguration;
import io.github.leakybucket.web.RateLimitHeadersObserver;
import io.github.leakybucket.web.RateLimitedExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of {@link io.github.leakybucket.annotation.RateLimited @RateLimited} in a Spring MVC
 * application: rejected calls are answered with {@code 429 Too Many Requests}, or {@code 503 Service Unavailable}
 * when a fail-closed bucket's storage failed, by a {@link RateLimitedExceptionHandler}, and, unless
 * {@code leakybucket.web.headers} is {@code false}, responses carry the {@code RateLimit-Policy} and
 * {@code RateLimit} fields.
 *
 * @see RateLimitedWebFluxAutoConfiguration
 */
@AutoConfiguration(after = RateLimitedAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, RateLimitedExceptionHandler.class })
@EnableConfigurationProperties(RateLimitedWebProperties.class)
public final class RateLimitedWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitedExceptionHandler rateLimitedExceptionHandler(RateLimitedWebProperties properties) {
		return RateLimitedExceptionHandlers.of(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "leakybucket.web.headers", matchIfMissing = true)
	RateLimitHeadersObserver rateLimitHeadersObserver(RateLimitedWebProperties properties) {
		return new RateLimitHeadersObserver(InstantSource.system(), properties.getHeadersDraft());
	}

}
