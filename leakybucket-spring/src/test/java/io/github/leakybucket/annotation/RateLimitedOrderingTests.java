package io.github.leakybucket.annotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.memory.InMemoryBucketStorage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for where {@link RateLimitedBeanPostProcessor} places the rate check relative to Spring's real
 * {@code @Transactional} advice, with a transaction manager that records every transaction it begins.
 */
class RateLimitedOrderingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(OrderingConfiguration.class)
		.withBean(AccountService.class);

	@Test
	void beginsNoTransactionForARejectedCall() {
		this.contextRunner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			service.transfer();
			assertThat(transactions.begun).hasSize(1);
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::transfer);
			assertThat(transactions.begun).hasSize(1);
		});
	}

	@Test
	void runsInsideTheTransactionWhenOrderedLast() {
		this.contextRunner.withPropertyValues("advisor-order=" + Ordered.LOWEST_PRECEDENCE).run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			service.transfer();
			assertThatExceptionOfType(RateLimitedException.class).isThrownBy(service::transfer);
			assertThat(transactions.begun).hasSize(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = true)
	static class OrderingConfiguration {

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

		@Bean
		static RateLimitedBeanPostProcessor rateLimitedBeanPostProcessor(Environment environment) {
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

	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		private static final long serialVersionUID = 1L;

		final List<TransactionDefinition> begun = new CopyOnWriteArrayList<>();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.begun.add(definition);
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	static class AccountService {

		@Transactional
		@RateLimited("one")
		public void transfer() {
		}

	}

}
