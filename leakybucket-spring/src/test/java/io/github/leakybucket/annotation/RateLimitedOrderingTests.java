package io.github.leakybucket.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for where {@link RateLimitedBeanPostProcessor} places the rate check among the advisors of a bean that is
 * already proxied. A stand-in for the transaction advisor has the same default order,
 * {@link Ordered#LOWEST_PRECEDENCE}, and is applied by an auto-proxy creator, as {@code @Transactional} is.
 */
class RateLimitedOrderingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(OrderingConfiguration.class)
		.withBean(TransactionLog.class)
		.withBean(AccountService.class);

	@Test
	void beginsNoTransactionForARejectedCall() {
		this.contextRunner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			TransactionLog transactions = context.getBean(TransactionLog.class);
			service.transfer();
			assertThat(transactions.begun).hasSize(1);
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::transfer);
			assertThat(transactions.begun).hasSize(1);
		});
	}

	@Test
	void runsAfterTheTransactionAdvisorWhenOrderedLast() {
		this.contextRunner.withPropertyValues("advisor-order=" + Ordered.LOWEST_PRECEDENCE).run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			TransactionLog transactions = context.getBean(TransactionLog.class);
			service.transfer();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::transfer);
			assertThat(transactions.begun).hasSize(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderingConfiguration {

		@Bean
		static DefaultAdvisorAutoProxyCreator autoProxyCreator() {
			DefaultAdvisorAutoProxyCreator autoProxyCreator = new DefaultAdvisorAutoProxyCreator();
			autoProxyCreator.setOrder(Ordered.HIGHEST_PRECEDENCE);
			autoProxyCreator.setProxyTargetClass(true);
			return autoProxyCreator;
		}

		@Bean
		static Advisor transactionAdvisor(TransactionLog transactions) {
			MethodInterceptor interceptor = (invocation) -> {
				transactions.begun.add(invocation.getMethod().getName());
				return invocation.proceed();
			};
			return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, TransactionalStandIn.class),
					interceptor);
		}

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor(
				org.springframework.core.env.Environment environment) {
			RateLimitedBeanPostProcessor postProcessor = new RateLimitedBeanPostProcessor();
			postProcessor.setAdvisorOrder(environment.getProperty("advisor-order", Integer.class,
					RateLimitedBeanPostProcessor.DEFAULT_ADVISOR_ORDER));
			return postProcessor;
		}

		@Bean
		BucketRegistry bucketRegistry() {
			return new BucketRegistry(new InMemoryBucketStorage(),
					Map.of("one", BucketConfig.of(1, Duration.ofHours(1))), 10);
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@interface TransactionalStandIn {

	}

	static class TransactionLog {

		final List<String> begun = new CopyOnWriteArrayList<>();

	}

	static class AccountService {

		@TransactionalStandIn
		@RateLimited("one")
		public void transfer() {
		}

	}

}
