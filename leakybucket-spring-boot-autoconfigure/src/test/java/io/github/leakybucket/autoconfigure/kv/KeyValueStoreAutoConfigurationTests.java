package io.github.leakybucket.autoconfigure.kv;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.leakybucket.autoconfigure.dynamodb.EmbeddedDynamoDbAutoConfiguration;
import io.github.leakybucket.autoconfigure.dynamodb.LeakyBucketDynamoDbAutoConfiguration;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.KeyValueStoreListener;
import io.github.leakybucket.kv.ValueCodec;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import tools.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class KeyValueStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedDynamoDbAutoConfiguration.class,
				LeakyBucketDynamoDbAutoConfiguration.class, KeyValueStoreAutoConfiguration.class))
		.withPropertyValues("leakybucket.dynamodb.api-call-timeout=30s");

	@Test
	void storesOnTheConfiguredTableOfDynamoDb() {
		this.contextRunner.withPropertyValues("leakybucket.dynamodb.tables.kv=notes-kv").run((context) -> {
			KeyValueStore store = context.getBean(KeyValueStore.class);
			store.put("greeting", "hello");
			assertThat(store.get("greeting")).map(KVPair::valueAsString).hasValue("hello");
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).contains("notes-kv");
		});
	}

	@Test
	void usesConfiguredDefaultPartition() {
		this.contextRunner.withPropertyValues("leakybucket.kv.default-partition=orders").run((context) -> {
			KeyValueStore store = context.getBean(KeyValueStore.class);
			store.put("k", "v");
			assertThat(store.partition("orders").get("k")).isPresent();
			assertThat(store.partition("default").get("k")).isEmpty();
		});
	}

	@Test
	void storesTypedValuesAsJsonWithApplicationMapper() {
		this.contextRunner.withBean(JsonMapper.class, JsonMapper::new).run((context) -> {
			assertThat(context).hasSingleBean(ValueCodec.class);
			KeyValueStore store = context.getBean(KeyValueStore.class);
			store.put("point", Map.of("x", 1));
			assertThat(store.get("point")).map(KVPair::valueAsString).hasValue("{\"x\":1}");
		});
	}

	@Test
	void worksWithoutJackson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(ValueCodec.class);
			assertThat(context).hasSingleBean(KeyValueStore.class);
		});
	}

	@Test
	void tellsEveryListenerBean() {
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("first", KeyValueStoreListener.class,
					() -> (operation, outcome, elapsed) -> first.add(operation + ":" + outcome.tagValue()))
			.withBean("second", KeyValueStoreListener.class,
					() -> (operation, outcome, elapsed) -> second.add(operation + ":" + outcome.tagValue()))
			.run((context) -> {
				context.getBean(KeyValueStore.class).get("absent");
				assertThat(first).containsExactly("get:not-found");
				assertThat(second).containsExactly("get:not-found");
			});
	}

	@Test
	void backsOffToApplicationStore() {
		KeyValueStore own = mock(KeyValueStore.class);
		this.contextRunner.withBean(KeyValueStore.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(DynamoDbKeyValueStore.class);
			assertThat(context.getBean(KeyValueStore.class)).isSameAs(own);
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.contextRunner.withPropertyValues("leakybucket.kv.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KeyValueStore.class));
	}

	@Test
	void emptyDefaultPartitionFailsNamingProperty() {
		this.contextRunner.withPropertyValues("leakybucket.kv.default-partition=")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leakybucket.kv.default-partition"));
	}

}
