package io.github.leakybucket.sample;

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

}
