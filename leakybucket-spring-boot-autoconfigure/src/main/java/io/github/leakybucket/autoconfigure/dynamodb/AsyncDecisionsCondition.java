package io.github.leakybucket.autoconfigure.dynamodb;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;

/**
 * Matches when buckets should decide on the asynchronous DynamoDB client: when {@code leakybucket.async} is
 * {@code true}, or when it is unset in a reactive web application, where no request thread may block.
 * {@code leakybucket.async=false} keeps the blocking client everywhere.
 */
public final class AsyncDecisionsCondition extends AnyNestedCondition {

	AsyncDecisionsCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty(name = "leakybucket.async", havingValue = "true")
	static final class AsyncRequested {

	}

	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnProperty(name = "leakybucket.async", havingValue = "true", matchIfMissing = true)
	static final class ReactiveApplication {

	}

}
