package io.github.leakybucket.sample;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class NotesControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void storedNoteIsReadBackAndDeleted() throws Exception {
		this.mvc.perform(put("/api/notes/shopping").contentType(MediaType.TEXT_PLAIN).content("milk"))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/notes/shopping")).andExpect(status().isOk()).andExpect(content().string("milk"));
		this.mvc.perform(delete("/api/notes/shopping")).andExpect(status().isNoContent());
		this.mvc.perform(get("/api/notes/shopping")).andExpect(status().isNotFound());
	}

	@Test
	void absentNoteIsNotFound() throws Exception {
		this.mvc.perform(get("/api/notes/never-written")).andExpect(status().isNotFound());
	}

	@Test
	void listByPrefixReturnsJson() throws Exception {
		this.mvc.perform(put("/api/notes/todo-1").contentType(MediaType.TEXT_PLAIN).content("write tests"));
		this.mvc.perform(put("/api/notes/todo-2").contentType(MediaType.TEXT_PLAIN).content("ship"));
		this.mvc.perform(put("/api/notes/idea-1").contentType(MediaType.TEXT_PLAIN).content("nap"));
		this.mvc.perform(get("/api/notes").param("prefix", "todo-"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.notes.length()").value(2))
			.andExpect(jsonPath("$.notes[0].key").value("todo-1"))
			.andExpect(jsonPath("$.notes[1].text").value("ship"));
	}

	@Test
	void ttlSetsExpiry() throws Exception {
		this.mvc.perform(put("/api/notes/ephemeral").param("ttl", "60").contentType(MediaType.TEXT_PLAIN).content("x"))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/notes").param("prefix", "ephemeral"))
			.andExpect(jsonPath("$.notes[0].expiresAt").isNotEmpty());
	}

	@Test
	void nonPositiveTtlIsBadRequestNamingTheLimit() throws Exception {
		this.mvc.perform(put("/api/notes/bad").param("ttl", "0").contentType(MediaType.TEXT_PLAIN).content("x"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("ttl")));
		this.mvc.perform(get("/api/notes/bad")).andExpect(status().isNotFound());
	}

	@Test
	void nonNumericTtlIsBadRequestProblem() throws Exception {
		this.mvc.perform(put("/api/notes/bad").param("ttl", "soon").contentType(MediaType.TEXT_PLAIN).content("x"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Parameter 'ttl' is not a valid long"));
	}

	@Test
	void ttlBeyondALongIsBadRequestProblem() throws Exception {
		this.mvc
			.perform(put("/api/notes/bad").param("ttl", "99999999999999999999")
				.contentType(MediaType.TEXT_PLAIN)
				.content("x"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Parameter 'ttl' is not a valid long"));
	}

	@Test
	void hugeTtlIsBadRequestProblemNamingTheLimit() throws Exception {
		this.mvc
			.perform(put("/api/notes/bad").param("ttl", Long.toString(Long.MAX_VALUE))
				.contentType(MediaType.TEXT_PLAIN)
				.content("x"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("ttl must be between 1 and 31536000 seconds: 9223372036854775807"));
		this.mvc.perform(get("/api/notes/bad")).andExpect(status().isNotFound());
	}

	@Test
	void bodyOverTheLimitIsContentTooLargeProblemAndNotStored() throws Exception {
		byte[] body = new byte[NotesController.MAX_NOTE_BYTES + 1];
		Arrays.fill(body, (byte) 'a');
		this.mvc.perform(put("/api/notes/big").contentType(MediaType.TEXT_PLAIN).content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("A note holds at most 65536 bytes"));
		this.mvc.perform(get("/api/notes/big")).andExpect(status().isNotFound());
	}

	@Test
	void bodyAtTheLimitIsStoredWhole() throws Exception {
		byte[] body = new byte[NotesController.MAX_NOTE_BYTES];
		Arrays.fill(body, (byte) 'a');
		this.mvc.perform(put("/api/notes/full").contentType(MediaType.TEXT_PLAIN).content(body))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/notes/full")).andExpect(content().string(new String(body, StandardCharsets.UTF_8)));
	}

	@Test
	void textKeepsItsCharset() throws Exception {
		this.mvc.perform(put("/api/notes/accents").contentType("text/plain;charset=UTF-8").content("café ☕".getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/notes/accents").accept("text/plain;charset=UTF-8"))
			.andExpect(content().bytes("café ☕".getBytes(StandardCharsets.UTF_8)));
	}

}
