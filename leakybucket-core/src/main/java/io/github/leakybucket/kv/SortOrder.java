package io.github.leakybucket.kv;

/**
 * Order of keys in a listing, by their UTF-8 bytes.
 */
public enum SortOrder {

	/** Smallest key first. */
	ASCENDING,

	/** Largest key first. */
	DESCENDING

}
