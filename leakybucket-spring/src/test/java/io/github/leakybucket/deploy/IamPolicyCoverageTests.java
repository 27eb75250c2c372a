package io.github.leakybucket.deploy;

import io.github.leakybucket.testsupport.AbstractIamPolicyCoverageTests;
import org.junit.jupiter.api.Order;

/**
 * Checks every DynamoDB call that this module's tests made the library make (the health indicator, metrics refresh
 * and everything under the web handlers and the annotation interceptor) against the template's IAM policies.
 */
@Order(Integer.MAX_VALUE)
class IamPolicyCoverageTests extends AbstractIamPolicyCoverageTests {

}
