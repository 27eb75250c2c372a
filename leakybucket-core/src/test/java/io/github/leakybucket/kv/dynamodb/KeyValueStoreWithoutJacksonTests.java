package io.github.leakybucket.kv.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.github.leakybucket.dynamodb.DynamoDbTables;
import io.github.leakybucket.dynamodb.TableLayout;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Loads the key/value classes where Jackson cannot be found, to show that the store works without it and refuses
 * only typed values.
 */
class KeyValueStoreWithoutJacksonTests {

	@Test
	void storeWorksWithoutJacksonAndRefusesTypedValues() throws Exception {
		ClassLoader loader = new WithoutJackson(getClass().getClassLoader());
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> loader.loadClass("tools.jackson.databind.json.JsonMapper"));
		String tableName = DynamoDbTestServer.uniqueTableName("kv-nojackson");
		try (DynamoDbClient client = DynamoDbTestServer.client()) {
			new DynamoDbTables(client).createIfMissing(tableName, TableLayout.KEY_VALUE);
			Class<?> storeType = loader.loadClass(DynamoDbKeyValueStore.class.getName());
			Object builder = storeType.getMethod("builder", DynamoDbClient.class, String.class)
				.invoke(null, client, tableName);
			Object store = builder.getClass().getMethod("build").invoke(builder);
			Class<?> api = loader.loadClass("io.github.leakybucket.kv.KeyValueStore");
			api.getMethod("put", String.class, String.class).invoke(store, "k", "plain");
			Object found = api.getMethod("get", String.class, Class.class).invoke(store, "k", String.class);
			assertThat(found).hasToString("Optional[plain]");
			Method typedPut = api.getMethod("put", String.class, Object.class);
			assertThatExceptionOfType(InvocationTargetException.class)
				.isThrownBy(() -> typedPut.invoke(store, "k", new Object()))
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessageContaining("No ValueCodec");
		}
	}

	/**
	 * Defines the key/value classes itself, and hides Jackson from them.
	 */
	private static final class WithoutJackson extends ClassLoader {

		WithoutJackson(ClassLoader parent) {
			super(parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith("tools.jackson.")) {
				throw new ClassNotFoundException(name);
			}
			if (!name.startsWith("io.github.leakybucket.kv.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					byte[] bytes = bytecode(name);
					loaded = defineClass(name, bytes, 0, bytes.length);
				}
				return loaded;
			}
		}

		private byte[] bytecode(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
