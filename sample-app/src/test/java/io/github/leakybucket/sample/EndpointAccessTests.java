package io.github.leakybucket.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code leakybuckets} endpoint drains buckets once its access is unrestricted, as Boot's access model has it.
 */
@SpringBootTest(properties = { "management.endpoint.leakybuckets.access=unrestricted",
		"leakybucket.buckets.demo.capacity=2", "leakybucket.buckets.demo.drain-time=1h",
		"leakybucket.dynamodb.api-call-timeout=30s", "leakybucket.dynamodb.api-call-attempt-timeout=30s",
		"leakybucket.dynamodb.max-retries=0" })
@AutoConfigureMockMvc
class EndpointAccessTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void unrestrictedAccessDrainsBuckets() throws Exception {
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
		this.mvc.perform(get("/api/hello")).andExpect(status().isTooManyRequests());
		this.mvc.perform(delete("/actuator/leakybuckets/demo"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.remaining").value(2));
		this.mvc.perform(get("/api/hello")).andExpect(status().isOk());
	}

}
