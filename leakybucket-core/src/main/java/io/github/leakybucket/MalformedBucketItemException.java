package io.github.leakybucket;

/**
 * A stored item under a bucket's name is not a bucket item this library wrote: its {@code tat} is missing, not a
 * number, negative, or impossibly far ahead. Thrown instead of deciding; nothing is written. Usually another program
 * shares the table, such as Clever's Go library, whose items have another format.
 */
public class MalformedBucketItemException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String itemName;

	/**
	 * Creates an exception.
	 * @param itemName the bucket's storage name
	 * @param problem what is wrong with the item, naming the attribute and its value
	 */
	public MalformedBucketItemException(String itemName, String problem) {
		super("Item '" + itemName + "' is not a bucket item: " + problem);
		this.itemName = itemName;
	}

	/**
	 * Returns the storage name of the bucket whose item is malformed.
	 * @return the item name
	 */
	public String getItemName() {
		return this.itemName;
	}

}
