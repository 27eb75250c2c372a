package io.github.leakybucket.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's Actuator endpoints after some calls to {@code /api/hello}, on the embedded DynamoDB Local. A long
 * drain time keeps the level still while the test reads it.
 */
@SpringBootTest(properties = { "leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h",
		"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
		"leakybucket.dynamodb.max-retries=0" })
@AutoConfigureMockMvc
class ObservabilityTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void actuatorShowsDecisionsFillEndpointAndHealth() throws Exception {
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello")).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/api/users/alice/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(
					"leakybucket_decisions_total{bucket=\"demo\",failure_mode=\"none\",outcome=\"admitted\",source=\"storage\"} 2.0")))
			.andExpect(content().string(containsString("leakybucket_bucket_fill{bucket=\"demo\"} ")))
			.andExpect(content().string(containsString("leakybucket_dynamodb_requests_seconds_count{")));
		this.mvc.perform(get("/actuator/metrics/leakybucket.bucket.remaining").param("tag", "bucket:demo"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.measurements[0].value").value(0.0));
		this.mvc.perform(get("/actuator/metrics/leakybucket.bucket.fill").param("tag", "bucket:demo"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.measurements[0].value").value(greaterThan(0.99)));
		this.mvc.perform(get("/actuator/leakybuckets"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.buckets.demo.capacity").value(2))
			.andExpect(jsonPath("$.buckets.demo.lastKnown.remaining").value(0))
			.andExpect(jsonPath("$.buckets['per-user'].lastKnown.remaining").value(4))
			.andExpect(content().string(not(containsString("alice"))));
		this.mvc.perform(get("/actuator/leakybuckets/demo"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.remaining").value(0));
		this.mvc.perform(get("/actuator/leakybuckets/per-user/bob"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.key").value("bob"))
			.andExpect(jsonPath("$.remaining").value(5));
		this.mvc.perform(get("/actuator/leakybuckets/nope")).andExpect(status().isNotFound());
		this.mvc.perform(delete("/actuator/leakybuckets/demo")).andExpect(status().isMethodNotAllowed());
		this.mvc.perform(get("/actuator/leakybuckets/demo")).andExpect(jsonPath("$.remaining").value(0));
		this.mvc.perform(get("/actuator/health/leakybucket"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.details.tables['leakybucket-buckets'].status").value("ACTIVE"))
			.andExpect(jsonPath("$.details.tables['leakybucket-buckets'].timeToLive").value(true))
			.andExpect(jsonPath("$.details.tables['leakybucket-kv'].status").value("ACTIVE"));
	}

}
