package io.github.leakybucket.autoconfigure.kv;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * {@link RuntimeHintsRegistrar} for the key/value store: {@code DynamoDbKeyValueStore.Builder} looks Jackson's
 * {@code JsonMapper} up by name to decide whether values default to JSON, which a native image answers only for a
 * registered type.
 */
class KeyValueStoreRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, "tools.jackson.databind.json.JsonMapper");
	}

}
