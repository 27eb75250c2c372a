package io.github.leakybucket.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.BucketStorage;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbTableInitializer;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.dynamodb.DynamoDbBucketStorage;
import io.github.leakybucket.limits.LimitResolver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Auto-configuration of the buckets in {@code leakybucket.buckets.*}: a {@link BucketStorage} on DynamoDB, a
 * {@link BucketRegistry} with the per-key limits of a {@link LimitResolver}, and one {@link Bucket} bean per
 * configured bucket, qualified by its name. The storage
 * decides on the asynchronous client in a reactive web application or with {@code leakybucket.async=true}, and on
 * the blocking client otherwise; see {@link io.github.leakybucket.autoconfigure.dynamodb.AsyncDecisionsCondition}.
 */
@AutoConfiguration(after = LeakyBucketDynamoDbAutoConfiguration.class)
@ConditionalOnClass(DynamoDbBucketStorage.class)
@EnableConfigurationProperties(LeakyBucketProperties.class)
@Import({ BucketStorageConfigurations.Async.class, BucketStorageConfigurations.Blocking.class,
		LimitResolverConfiguration.class, LeakyBucketAutoConfiguration.BucketBeanRegistrar.class })
public final class LeakyBucketAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DynamoDbClient.class)
	BucketStorageConfigurer leakyBucketStorageConfigurer(DynamoDbProperties dynamoDbProperties,
			LeakyBucketProperties properties, ObjectProvider<DynamoDbTableInitializer> tableInitializer,
			ObjectProvider<DecisionListener> listeners) {
		return new BucketStorageConfigurer(dynamoDbProperties, properties, tableInitializer, listeners);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(BucketStorage.class)
	BucketRegistry bucketRegistry(BucketStorage storage, LeakyBucketProperties properties,
			ObjectProvider<LimitResolver> limits) {
		return new BucketRegistry(storage, BucketConfigurations.of(properties), properties.getMaxKeyedBuckets(),
				limits.getIfAvailable(LimitResolver::none));
	}

	/**
	 * Registers one {@link Bucket} bean per configured bucket, qualified by the bucket's name, so that
	 * {@code @Qualifier("demo") Bucket demo} works. Each bean comes from the static factory method
	 * {@link #bucket(String, BucketRegistry)} rather than an instance supplier, so that Spring AOT can generate its
	 * registration. As with any bean definition, under AOT the set of buckets is the one seen at build time.
	 */
	static class BucketBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			Map<String, Object> buckets = Binder.get(this.environment)
				.bind("leakybucket.buckets", Bindable.mapOf(String.class, Object.class))
				.orElse(Map.of());
			for (String name : buckets.keySet()) {
				RootBeanDefinition definition = new RootBeanDefinition(BucketBeanRegistrar.class);
				definition.setFactoryMethodName("bucket");
				definition.setTargetType(Bucket.class);
				definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
				definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
				definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
				definition.setLazyInit(true);
				registry.registerBeanDefinition("leakybucket.bucket." + name, definition);
			}
		}

		/**
		 * Returns the bucket of the given name.
		 * @param name the bucket's name
		 * @param registry the registry
		 * @return the bucket
		 */
		static Bucket bucket(String name, BucketRegistry registry) {
			return registry.bucket(name);
		}

	}

}
