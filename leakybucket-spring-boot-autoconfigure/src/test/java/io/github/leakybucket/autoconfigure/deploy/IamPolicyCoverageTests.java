package io.github.leakybucket.autoconfigure.deploy;

import io.github.leakybucket.testsupport.AbstractIamPolicyCoverageTests;
import org.junit.jupiter.api.Order;

/**
 * Checks every DynamoDB call that this module's tests made the library make (table creation and checks at startup,
 * and everything the auto-configuration wires) against the template's IAM policies.
 */
@Order(Integer.MAX_VALUE)
class IamPolicyCoverageTests extends AbstractIamPolicyCoverageTests {

}
