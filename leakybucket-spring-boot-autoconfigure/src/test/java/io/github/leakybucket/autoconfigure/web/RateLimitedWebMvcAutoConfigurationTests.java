package io.github.leakybucket.autoconfigure.web;

import io.github.leakybucket.web.RateLimitHeadersObserver;
import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.reactive.RateLimitHeadersWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedWebMvcAutoConfiguration}.
 */
class RateLimitedWebMvcAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitedWebMvcAutoConfiguration.class));

	@Test
	void answersRejectionsAndWritesTheRateLimitFields() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimitedExceptionHandler.class);
			assertThat(context).hasSingleBean(RateLimitHeadersObserver.class);
		});
	}

	@Test
	void writesNoRateLimitFieldsWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("leakybucket.web.headers=false").run((context) -> {
			assertThat(context).hasSingleBean(RateLimitedExceptionHandler.class);
			assertThat(context).doesNotHaveBean(RateLimitHeadersObserver.class);
		});
	}

	@Test
	void storageFailureRetryAfterUnderOneSecondFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("leakybucket.web.storage-failure-retry-after=500ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("leakybucket.web.storage-failure-retry-after")
				.hasMessageContaining("at least 1s"));
	}

	@Test
	void storageFailureRetryAfterDefaultsToTheHandlerDefault() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(RateLimitedWebProperties.class).getStorageFailureRetryAfter())
			.isEqualTo(RateLimitedExceptionHandler.DEFAULT_STORAGE_FAILURE_RETRY_AFTER));
	}

	@Test
	void backsOffToAnApplicationHandler() {
		this.contextRunner.withBean("ownHandler", RateLimitedExceptionHandler.class)
			.run((context) -> assertThat(context).getBeans(RateLimitedExceptionHandler.class)
				.containsOnlyKeys("ownHandler"));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedExceptionHandler.class));
	}

	@Test
	void addsNoWebFluxFilterToAServletApplication() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(RateLimitedWebFluxAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitedExceptionHandler.class);
				assertThat(context).doesNotHaveBean(RateLimitHeadersWebFilter.class);
			});
	}

	@Test
	void backsOffOutsideAServletApplication() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitedWebMvcAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedExceptionHandler.class));
	}

}
