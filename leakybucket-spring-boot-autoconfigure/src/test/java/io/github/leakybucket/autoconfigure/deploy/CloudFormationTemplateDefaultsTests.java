package io.github.leakybucket.autoconfigure.deploy;

import io.github.leakybucket.autoconfigure.dynamodb.DynamoDbProperties;
import io.github.leakybucket.testsupport.DeploymentTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudFormation template's table names default to the properties' defaults, so that a stack created with its
 * defaults needs no table property.
 */
class CloudFormationTemplateDefaultsTests {

	private final DeploymentTemplate template = DeploymentTemplate.load();

	private final DynamoDbProperties.Tables tables = new DynamoDbProperties().getTables();

	@Test
	void bucketsTableNameDefaultsToTheDefaultOfTheTablesBucketsProperty() {
		assertThat(this.template.parameterDefault("BucketsTableName")).isEqualTo(this.tables.getBuckets());
	}

	@Test
	void keyValueTableNameDefaultsToTheDefaultOfTheTablesKvProperty() {
		assertThat(this.template.parameterDefault("KeyValueTableName")).isEqualTo(this.tables.getKv());
	}

}
