package io.github.leakybucket;

/**
 * Where a decision was answered.
 */
public enum DecisionSource {

	/**
	 * In this JVM with no request: a certain rejection, a unit from the local reserve, or any decision of an
	 * in-memory bucket.
	 */
	LOCAL,

	/** By a request to DynamoDB. */
	DYNAMODB

}
