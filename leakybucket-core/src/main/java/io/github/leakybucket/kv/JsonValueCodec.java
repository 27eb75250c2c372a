package io.github.leakybucket.kv;

import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link ValueCodec} that stores values as JSON with Jackson 3. Only usable when Jackson is on the class path.
 */
public final class JsonValueCodec implements ValueCodec {

	private final JsonMapper mapper;

	/**
	 * Creates a codec with a default {@link JsonMapper}.
	 */
	public JsonValueCodec() {
		this(JsonMapper.builder().build());
	}

	/**
	 * Creates a codec with the given mapper.
	 * @param mapper the mapper
	 */
	public JsonValueCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
	}

	@Override
	public byte[] encode(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	@Override
	public <T> T decode(byte[] bytes, Class<T> type) {
		return this.mapper.readValue(bytes, type);
	}

}
