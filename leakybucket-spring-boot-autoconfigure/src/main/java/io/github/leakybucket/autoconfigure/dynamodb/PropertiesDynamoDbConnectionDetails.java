package io.github.leakybucket.autoconfigure.dynamodb;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@link DynamoDbConnectionDetails} read from {@link DynamoDbProperties}, checked when created so that a bad value
 * fails startup with the property's name.
 */
class PropertiesDynamoDbConnectionDetails implements DynamoDbConnectionDetails {

	private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+|local");

	private final URI endpoint;

	private final Region region;

	private final AwsCredentialsProvider credentialsProvider;

	PropertiesDynamoDbConnectionDetails(DynamoDbProperties properties) {
		this.endpoint = endpoint(properties.getEndpoint());
		this.region = region(properties.getRegion());
		this.credentialsProvider = credentials(properties.getCredentials());
	}

	@Override
	public URI getEndpoint() {
		return this.endpoint;
	}

	@Override
	public Region getRegion() {
		return this.region;
	}

	@Override
	public AwsCredentialsProvider getCredentialsProvider() {
		return this.credentialsProvider;
	}

	private static URI endpoint(String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		String reason = "it must be an absolute http or https URI with a host, such as http://localhost:8000";
		try {
			URI uri = new URI(value.trim());
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new InvalidConfigurationPropertyValueException("leakybucket.dynamodb.endpoint", value, reason);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.dynamodb.endpoint", value, reason);
		}
	}

	private static Region region(String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		if (!REGION.matcher(value.trim()).matches()) {
			throw new InvalidConfigurationPropertyValueException("leakybucket.dynamodb.region", value,
					"it must be an AWS region id such as eu-west-1");
		}
		return Region.of(value.trim());
	}

	private static AwsCredentialsProvider credentials(DynamoDbProperties.Credentials credentials) {
		boolean hasKey = StringUtils.hasText(credentials.getAccessKey());
		boolean hasSecret = StringUtils.hasText(credentials.getSecretKey());
		if (hasKey != hasSecret) {
			String missing = hasKey ? "leakybucket.dynamodb.credentials.secret-key"
					: "leakybucket.dynamodb.credentials.access-key";
			throw new InvalidConfigurationPropertyValueException(missing, null,
					"access-key and secret-key must be set together");
		}
		if (!hasKey) {
			return null;
		}
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(credentials.getAccessKey(), credentials.getSecretKey()));
	}

}
