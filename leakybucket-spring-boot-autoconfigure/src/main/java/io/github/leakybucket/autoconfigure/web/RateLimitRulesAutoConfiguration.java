package io.github.leakybucket.autoconfigure.web;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.autoconfigure.LeakyBucketAutoConfiguration;
import io.github.leakybucket.autoconfigure.annotation.RateLimitedReactiveProperties;
import io.github.leakybucket.web.RateLimitedExceptionHandler;
import io.github.leakybucket.web.reactive.RateLimitRulesWebFilter;
import io.github.leakybucket.web.rules.InvalidRateLimitRuleException;
import io.github.leakybucket.web.rules.MultiLimitDecider;
import io.github.leakybucket.web.rules.RateLimitRule;
import io.github.leakybucket.web.rules.RateLimitRules;
import io.github.leakybucket.web.rules.RateLimitRulesFilter;
import io.github.leakybucket.web.rules.RequestKey;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.expression.Expression;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Auto-configuration of the rate-limit rules {@code leakybucket.rules[*]}, in a Spring MVC or Spring WebFlux
 * application with a {@link BucketRegistry} and at least one rule.
 * <p>
 * The rules are checked when the context starts: an unknown bucket, a bad path pattern, method, key or SpEL
 * expression, or a cost the bucket cannot hold fails the start, naming the property. They run as a servlet filter,
 * or a {@code WebFilter}, at {@code leakybucket.web.rules-filter-order}: by default just after Spring Security's
 * filter chain, so that the principal is known and requests that security refuses never drain a bucket. Rejections
 * are answered by the same {@link RateLimitedExceptionHandler} as {@code @RateLimited} calls.
 */
@AutoConfiguration(after = { LeakyBucketAutoConfiguration.class, RateLimitedWebMvcAutoConfiguration.class,
		RateLimitedWebFluxAutoConfiguration.class })
@ConditionalOnClass(RateLimitRules.class)
@ConditionalOnWebApplication
@ConditionalOnBean(BucketRegistry.class)
@Conditional(RateLimitRulesAutoConfiguration.OnRulesCondition.class)
@EnableConfigurationProperties({ RateLimitRulesProperties.class, RateLimitedWebProperties.class,
		RateLimitedReactiveProperties.class })
public final class RateLimitRulesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitRules rateLimitRules(RateLimitRulesProperties properties, BucketRegistry registry) {
		List<RateLimitRule> rules = new ArrayList<>();
		List<RateLimitRulesProperties.Rule> configured = properties.getRules();
		try {
			for (int i = 0; i < configured.size(); i++) {
				RateLimitRulesProperties.Rule rule = configured.get(i);
				rules.add(RateLimitRule.parse(i, rule.getPaths(), rule.getMethods(), rule.getBucket(), rule.getKey(),
						rule.getCost(), rule.getSkip(), rule.getMissingKey()));
			}
			return new RateLimitRules(rules, registry);
		}
		catch (InvalidRateLimitRuleException ex) {
			throw new InvalidConfigurationPropertyValueException(
					"leakybucket.rules[" + ex.getIndex() + "]." + ex.getProperty(), ex.getValue(), ex.getReason());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	MultiLimitDecider multiLimitDecider(BucketRegistry registry) {
		return new MultiLimitDecider(registry, InstantSource.system());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	static class ServletRulesConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimitRulesFilter.class)
		FilterRegistrationBean<RateLimitRulesFilter> rateLimitRulesFilter(RateLimitRules rules,
				MultiLimitDecider decider,
				@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver,
				RateLimitedWebProperties properties) {
			RateLimitRulesFilter filter = new RateLimitRulesFilter(rules, decider, exceptionResolver,
					properties.isHeaders(), properties.getHeadersDraft(), InstantSource.system());
			FilterRegistrationBean<RateLimitRulesFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("rateLimitRulesFilter");
			registration.setOrder(properties.getRulesFilterOrder());
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "reactor.core.publisher.Mono")
	static class ReactiveRulesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitRulesWebFilter rateLimitRulesWebFilter(RateLimitRules rules, MultiLimitDecider decider,
				RateLimitedExceptionHandler handler, ServerCodecConfigurer codecs, RateLimitedWebProperties properties,
				RateLimitedReactiveProperties reactive) {
			return new OrderedRateLimitRulesWebFilter(rules, decider, handler, codecs, properties,
					reactive.isOffloadDecisions());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class EndpointRulesConfiguration {

		@Bean
		LeakyBucketsEndpoint.RuleSource rateLimitRuleSource(RateLimitRules rules) {
			List<LeakyBucketsEndpoint.RuleDescriptor> descriptors = rules.rules()
				.stream()
				.map(EndpointRulesConfiguration::describe)
				.toList();
			return () -> descriptors;
		}

		private static LeakyBucketsEndpoint.RuleDescriptor describe(RateLimitRule rule) {
			Expression skip = rule.skip();
			RequestKey key = rule.key();
			return new LeakyBucketsEndpoint.RuleDescriptor(
					rule.paths().stream().map(PathPattern::getPatternString).toList(), List.copyOf(rule.methods()),
					rule.bucket(), (key != null) ? key.form() : null, rule.cost(),
					(skip != null) ? skip.getExpressionString() : null, rule.missingKey().name());
		}

	}

	/**
	 * Matches when at least one rule is configured.
	 */
	static class OnRulesCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean configured = Binder.get(context.getEnvironment())
				.bind("leakybucket.rules", Bindable.listOf(RateLimitRulesProperties.Rule.class))
				.map((rules) -> !rules.isEmpty())
				.orElse(false);
			return configured ? ConditionOutcome.match("leakybucket.rules is configured")
					: ConditionOutcome.noMatch("leakybucket.rules is empty");
		}

	}

}
