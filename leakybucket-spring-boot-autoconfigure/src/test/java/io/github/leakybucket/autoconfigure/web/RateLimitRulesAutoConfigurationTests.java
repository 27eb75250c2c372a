package io.github.leakybucket.autoconfigure.web;

import java.time.Duration;
import java.util.Map;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import io.github.leakybucket.web.reactive.RateLimitRulesWebFilter;
import io.github.leakybucket.web.rules.RateLimitRules;
import io.github.leakybucket.web.rules.RateLimitRulesFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.servlet.HandlerExceptionResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitRulesAutoConfiguration}.
 */
class RateLimitRulesAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitedWebMvcAutoConfiguration.class,
				RateLimitRulesAutoConfiguration.class))
		.withBean(BucketRegistry.class,
				() -> new BucketRegistry(new InMemoryBucketStorage(),
						Map.of("notes", BucketConfig.of(3, Duration.ofMinutes(1))), 100))
		.withBean("handlerExceptionResolver", HandlerExceptionResolver.class, () -> (request, response, handler,
				ex) -> null);

	@Test
	void appliesNoRulesWhenNoneIsConfigured() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(RateLimitRules.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void registersTheRulesFilterJustAfterSpringSecurity() {
		this.contextRunner.withPropertyValues(rule("/api/notes/**", "notes", "header:X-Api-Key")).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitRules.class);
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RateLimitRulesFilter.class);
			assertThat(registration.getOrder()).isEqualTo(-90);
		});
	}

	@Test
	void rulesFilterOrderCanBeChanged() {
		this.contextRunner
			.withPropertyValues(rule("/api/notes/**", "notes", "ip"))
			.withPropertyValues("leakybucket.web.rules-filter-order=5")
			.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(5));
	}

	@Test
	void anUnknownBucketFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].paths=/a/**", "leakybucket.rules[0].bucket=missing" },
				"leakybucket.rules[0].bucket", "configured buckets are [notes]");
	}

	@Test
	void aRuleWithoutBucketFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].paths=/a/**" }, "leakybucket.rules[0].bucket",
				"must name a configured bucket");
	}

	@Test
	void aRuleWithoutPathsFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].bucket=notes" }, "leakybucket.rules[0].paths",
				"at least one path pattern");
	}

	@Test
	void aBadPathPatternFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].paths=/a/**,/b/{id", "leakybucket.rules[0].bucket=notes" },
				"leakybucket.rules[0].paths[1]", "not a valid path pattern");
	}

	@Test
	void anUnknownMethodFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].paths=/a/**", "leakybucket.rules[0].bucket=notes",
				"leakybucket.rules[0].methods=GET,FETCH" }, "leakybucket.rules[0].methods[1]", "FETCH");
	}

	@Test
	void anUnknownKeyFormFailsNamingTheProperty() {
		assertFailure(rule("/a/**", "notes", "cookie:session"), "leakybucket.rules[0].key",
				"header:NAME, param:NAME, ip, principal");
	}

	@Test
	void aHeaderKeyWithoutNameFailsNamingTheProperty() {
		assertFailure(rule("/a/**", "notes", "header:"), "leakybucket.rules[0].key", "names no header");
	}

	@Test
	void badSpelInTheKeyFailsNamingTheProperty() {
		assertFailure(rule("/a/**", "notes", "#request.header('X'"), "leakybucket.rules[0].key",
				"not a valid SpEL expression");
	}

	@Test
	void badSpelInTheSkipConditionFailsNamingTheProperty() {
		String[] properties = { "leakybucket.rules[0].paths=/a/**", "leakybucket.rules[0].bucket=notes",
				"leakybucket.rules[0].skip=#request.method ==" };
		assertFailure(properties, "leakybucket.rules[0].skip", "not a valid SpEL expression");
	}

	@Test
	void aCostOverTheCapacityFailsNamingTheProperty() {
		assertFailure(new String[] { "leakybucket.rules[0].paths=/a/**", "leakybucket.rules[0].bucket=notes",
				"leakybucket.rules[0].cost=4" }, "leakybucket.rules[0].cost", "capacity 3");
	}

	@Test
	void registersAnOrderedWebFilterInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitedWebFluxAutoConfiguration.class,
					RateLimitRulesAutoConfiguration.class))
			.withBean(BucketRegistry.class,
					() -> new BucketRegistry(new InMemoryBucketStorage(),
							Map.of("notes", BucketConfig.of(3, Duration.ofMinutes(1))), 100))
			.withBean(ServerCodecConfigurer.class, ServerCodecConfigurer::create)
			.withPropertyValues(rule("/api/notes/**", "notes", "principal"))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitRulesWebFilter.class);
				assertThat(((Ordered) context.getBean(RateLimitRulesWebFilter.class)).getOrder()).isEqualTo(-90);
			});
	}

	private void assertFailure(String[] properties, String property, String reason) {
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(property)
				.hasMessageContaining(reason));
	}

	private static String[] rule(String path, String bucket, String key) {
		return new String[] { "leakybucket.rules[0].paths=" + path, "leakybucket.rules[0].bucket=" + bucket,
				"leakybucket.rules[0].key=" + key };
	}

}
