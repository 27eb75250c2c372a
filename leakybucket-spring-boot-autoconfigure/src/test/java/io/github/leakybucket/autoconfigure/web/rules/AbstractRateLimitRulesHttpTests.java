package io.github.leakybucket.autoconfigure.web.rules;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.github.leakybucket.BucketRegistry;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint;
import io.github.leakybucket.actuate.LeakyBucketsEndpoint.RuleDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.leakybucket.autoconfigure.web.rules.RuleTestApplications.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate-limit rules through real HTTP, on DynamoDB Local, behind Spring Security; run for each web stack. One
 * application trusts no forwarded header ({@code server.forward-headers-strategy=none}); the other trusts them
 * ({@code framework}) and writes draft-10 fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRateLimitRulesHttpTests {

	private ConfigurableApplicationContext direct;

	private ConfigurableApplicationContext forwarded;

	/**
	 * Starts an application of the web stack under test.
	 * @param properties its properties
	 * @return the running application
	 */
	abstract ConfigurableApplicationContext start(String... properties);

	@BeforeAll
	void startApplications() {
		this.direct = start(RuleTestApplications.properties("rules-direct", "server.forward-headers-strategy=none"));
		this.forwarded = start(RuleTestApplications.properties("rules-forwarded",
				"server.forward-headers-strategy=framework", "leakybucket.web.headers-draft=draft-10"));
	}

	@AfterAll
	void closeApplications() {
		if (this.direct != null) {
			this.direct.close();
		}
		if (this.forwarded != null) {
			this.forwarded.close();
		}
	}

	@Test
	void headerKeyGivesEachKeyItsOwnBucketAndRejectsWithProblemDetails() {
		String key = unique();
		HttpResponse<String> first = get("/header/a", "X-Api-Key", key);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"small\";q=2;w=3600");
		assertThat(header(first, "RateLimit")).isEqualTo("\"small\";r=1;t=1800");
		assertThat(get("/header/a", "X-Api-Key", key).statusCode()).isEqualTo(200);
		HttpResponse<String> rejected = get("/header/b", "X-Api-Key", key);
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(header(rejected, "Content-Type")).startsWith("application/problem+json");
		assertThat(header(rejected, "Retry-After")).isEqualTo("1800");
		assertThat(header(rejected, "RateLimit-Policy")).isEqualTo("\"small\";q=2;w=3600");
		assertThat(header(rejected, "RateLimit")).isEqualTo("\"small\";r=0;t=1800");
		assertThat(rejected.body()).contains("\"status\":429", "\"bucket\":\"small\"", "\"retryAfter\":1800");
		assertThat(get("/header/a", "X-Api-Key", unique()).statusCode()).isEqualTo(200);
	}

	@Test
	void paramKeyGivesEachValueItsOwnBucket() {
		String user = unique();
		assertThat(get("/param?user=" + user).statusCode()).isEqualTo(200);
		assertThat(get("/param?user=" + user).statusCode()).isEqualTo(200);
		assertThat(get("/param?user=" + user).statusCode()).isEqualTo(429);
		assertThat(get("/param?user=" + unique()).statusCode()).isEqualTo(200);
	}

	@Test
	void expressionKeyIsEvaluatedOverTheRequest() {
		String tenant = unique();
		assertThat(get("/spel", "X-Tenant", tenant.toUpperCase()).statusCode()).isEqualTo(200);
		assertThat(get("/spel", "X-Tenant", tenant.toLowerCase()).statusCode()).isEqualTo(200);
		assertThat(get("/spel", "X-Tenant", tenant.toUpperCase()).statusCode()).isEqualTo(429);
	}

	@Test
	void principalKeyIsKnownBecauseTheRulesRunAfterSecurity() {
		assertThat(get("/me", "Authorization", basic("alice")).statusCode()).isEqualTo(200);
		assertThat(get("/me", "Authorization", basic("alice")).statusCode()).isEqualTo(200);
		assertThat(get("/me", "Authorization", basic("alice")).statusCode()).isEqualTo(429);
		assertThat(get("/me", "Authorization", basic("bob")).statusCode()).isEqualTo(200);
	}

	@Test
	void requestsThatSecurityRefusesDrainNothing() {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> refused = get("/secured");
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("RateLimit")).isEmpty();
		}
		HttpResponse<String> admitted = get("/secured", "Authorization", basic("alice"));
		assertThat(admitted.statusCode()).isEqualTo(200);
		assertThat(header(admitted, "RateLimit")).startsWith("\"secured\";r=1;");
	}

	@Test
	void aRequestWithoutTheKeySkipsTheRuleByDefault() {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = get("/header/a");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Policy")).isEmpty();
		}
	}

	@Test
	void aRequestWithoutTheKeyIsRejectedWith400WhenTheRuleSaysSo() {
		HttpResponse<String> rejected = get("/strict");
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(header(rejected, "Content-Type")).startsWith("application/problem+json");
		assertThat(rejected.body()).contains("\"bucket\":\"small\"");
		assertThat(get("/strict", "X-Api-Key", unique()).statusCode()).isEqualTo(200);
	}

	@Test
	void skipConditionLeavesTheBucketAlone() {
		String key = unique();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> skipped = get("/skip", "X-Api-Key", key, "X-Internal", "yes");
			assertThat(skipped.statusCode()).isEqualTo(200);
			assertThat(skipped.headers().firstValue("RateLimit")).isEmpty();
		}
		assertThat(get("/skip", "X-Api-Key", key).statusCode()).isEqualTo(200);
		assertThat(get("/skip", "X-Api-Key", key).statusCode()).isEqualTo(200);
		assertThat(get("/skip", "X-Api-Key", key).statusCode()).isEqualTo(429);
	}

	@Test
	void aRuleWithMethodsAppliesToThoseOnlyAndWithoutKeySharesOneBucket() {
		for (int i = 0; i < 3; i++) {
			assertThat(send("GET", "/shared").statusCode()).isEqualTo(200);
		}
		assertThat(send("POST", "/shared").statusCode()).isEqualTo(200);
		assertThat(send("POST", "/shared").statusCode()).isEqualTo(200);
		assertThat(send("POST", "/shared").statusCode()).isEqualTo(429);
	}

	@Test
	void aRequestTheBurstBucketRejectsDoesNotDrainTheDailyBucket() {
		String key = unique();
		HttpResponse<String> first = get("/multi", "X-Api-Key", key);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"burst\";q=2;w=10, \"daily\";q=5;w=3600");
		assertThat(header(first, "RateLimit")).startsWith("\"burst\";r=1;");
		assertThat(get("/multi", "X-Api-Key", key).statusCode()).isEqualTo(200);
		HttpResponse<String> rejected = get("/multi", "X-Api-Key", key);
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(header(rejected, "RateLimit-Policy")).isEqualTo("\"burst\";q=2;w=10, \"daily\";q=5;w=3600");
		assertThat(header(rejected, "RateLimit")).startsWith("\"burst\";r=0;");
		assertThat(this.direct.getBean(BucketRegistry.class).bucket("daily", key).refresh().remaining()).isEqualTo(3);
	}

	@Test
	void aRequestTheDailyBucketIsKnownToRejectDrainsNoBucket() {
		String key = unique();
		BucketRegistry registry = this.direct.getBean(BucketRegistry.class);
		assertThat(registry.bucket("daily", key).tryAdd(5).admitted()).isTrue();
		HttpResponse<String> rejected = get("/multi", "X-Api-Key", key);
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(header(rejected, "RateLimit")).startsWith("\"daily\";r=0;");
		assertThat(rejected.body()).contains("\"bucket\":\"daily\"");
		assertThat(registry.bucket("burst", key).refresh().remaining()).isEqualTo(2);
	}

	@Test
	void aForgedForwardedForDoesNotChangeTheAddressKey() {
		assertThat(get("/ip", "X-Forwarded-For", "198.51.100.1").statusCode()).isEqualTo(200);
		assertThat(get("/ip", "X-Forwarded-For", "198.51.100.2").statusCode()).isEqualTo(200);
		assertThat(get("/ip", "X-Forwarded-For", "198.51.100.3").statusCode()).isEqualTo(429);
	}

	@Test
	void aTrustedForwardedForGivesEachClientAddressItsOwnBucket() {
		int port = port(this.forwarded);
		for (int i = 1; i <= 3; i++) {
			assertThat(RuleTestApplications.send(port, "GET", "/ip", "X-Forwarded-For", "198.51.100." + i).statusCode())
				.isEqualTo(200);
		}
		assertThat(RuleTestApplications.send(port, "GET", "/ip", "X-Forwarded-For", "203.0.113.9").statusCode())
			.isEqualTo(200);
		assertThat(RuleTestApplications.send(port, "GET", "/ip", "X-Forwarded-For", "203.0.113.9").statusCode())
			.isEqualTo(200);
		assertThat(RuleTestApplications.send(port, "GET", "/ip", "X-Forwarded-For", "203.0.113.9").statusCode())
			.isEqualTo(429);
	}

	@Test
	void draft10FieldsGiveTheSecondsUntilTheBucketIsEmpty() {
		int port = port(this.forwarded);
		String key = unique();
		HttpResponse<String> first = RuleTestApplications.send(port, "GET", "/header/a", "X-Api-Key", key);
		assertThat(header(first, "RateLimit")).isEqualTo("\"small\";r=1;t=1800");
		RuleTestApplications.send(port, "GET", "/header/a", "X-Api-Key", key);
		HttpResponse<String> rejected = RuleTestApplications.send(port, "GET", "/header/a", "X-Api-Key", key);
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(header(rejected, "RateLimit")).isEqualTo("\"small\";r=0;t=3600");
	}

	@Test
	void anAnnotatedHandlerUnderARuleListsBothPoliciesAndNamesTheMostRestrictive() {
		HttpResponse<String> response = get("/annotated/1", "X-Api-Key", unique());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"small\";q=2;w=3600, \"annotated\";q=5;w=3600");
		assertThat(header(response, "RateLimit")).isEqualTo("\"small\";r=1;t=1800");
	}

	@Test
	void theEndpointListsTheActiveRules() {
		LeakyBucketsEndpoint endpoint = this.direct.getBean(LeakyBucketsEndpoint.class);
		assertThat(endpoint.buckets().rules()).hasSize(12);
		RuleDescriptor first = endpoint.buckets().rules().get(0);
		assertThat(first.paths()).containsExactly("/header/**");
		assertThat(first.bucket()).isEqualTo("small");
		assertThat(first.key()).isEqualTo("header:X-Api-Key");
		assertThat(first.missingKey()).isEqualTo("SKIP");
		RuleDescriptor shared = endpoint.buckets().rules().get(9);
		assertThat(shared.methods()).containsExactly("POST");
		assertThat(shared.key()).isNull();
		assertThat(endpoint.buckets().rules().get(5).skip()).isEqualTo("#request.header('X-Internal') == 'yes'");
	}

	private HttpResponse<String> get(String path, String... headers) {
		return send("GET", path, headers);
	}

	private HttpResponse<String> send(String method, String path, String... headers) {
		return RuleTestApplications.send(port(this.direct), method, path, headers);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private static String unique() {
		return UUID.randomUUID().toString();
	}

}
