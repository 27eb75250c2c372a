package io.github.leakybucket;

/**
 * Where a decision was answered.
 */
public enum DecisionSource {

	/**
	 * In this JVM with no request: a certain rejection, or units from the local reserve.
	 */
	LOCAL,

	/** From a request to the bucket's storage, such as DynamoDB. */
	STORAGE

}
