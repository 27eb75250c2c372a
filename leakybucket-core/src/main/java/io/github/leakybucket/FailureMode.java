package io.github.leakybucket;

/**
 * What a decision answers when the storage fails or times out.
 */
public enum FailureMode {

	/** Admit the call, and log a warning at most once per interval. */
	FAIL_OPEN,

	/** Reject the call. */
	FAIL_CLOSED

}
