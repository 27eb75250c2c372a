package io.github.leakybucket.dynamodb;

/**
 * Thrown when a table is missing or does not have the key schema this library needs.
 */
public class TableSchemaException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String tableName;

	private final TableLayout layout;

	/**
	 * Creates an exception.
	 * @param tableName the table checked
	 * @param layout the layout it should have
	 * @param problem what is wrong, for example {@code it does not exist}
	 */
	public TableSchemaException(String tableName, TableLayout layout, String problem) {
		super("DynamoDB table '" + tableName + "' cannot be used: " + problem + ". Expected " + layout.describe()
				+ ".");
		this.tableName = tableName;
		this.layout = layout;
	}

	/**
	 * Returns the table checked.
	 * @return the table name
	 */
	public String getTableName() {
		return this.tableName;
	}

	/**
	 * Returns the layout the table should have.
	 * @return the expected layout
	 */
	public TableLayout getLayout() {
		return this.layout;
	}

}
