package io.github.leakybucket.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.Page;
import io.github.leakybucket.kv.PutOptions;

/**
 * Text notes kept in the {@link KeyValueStore}.
 */
@RestController
@RequestMapping("/api/notes")
class NotesController {

	private final KeyValueStore store;

	NotesController(KeyValueStore store) {
		this.store = store;
	}

	@PutMapping("/{key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void put(@PathVariable String key, @RequestBody String text, @RequestParam(required = false) Long ttl) {
		PutOptions options = (ttl != null) ? PutOptions.ttl(Duration.ofSeconds(ttl)) : PutOptions.none();
		this.store.put(key, text, options);
	}

	@GetMapping("/{key}")
	ResponseEntity<String> get(@PathVariable String key) {
		return ResponseEntity.of(this.store.get(key).map(KVPair::valueAsString));
	}

	@DeleteMapping("/{key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String key) {
		this.store.delete(key);
	}

	@GetMapping
	NotePage list(@RequestParam(defaultValue = "") String prefix, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "100") int limit) {
		ListOptions options = ListOptions.defaults().withLimit(limit);
		Page page = this.store.list(prefix, (cursor != null) ? options.withCursor(cursor) : options);
		return new NotePage(page.items().stream().map(Note::of).toList(), page.cursor());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badInput(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	record Note(String key, String text, long version, Instant expiresAt) {

		static Note of(KVPair pair) {
			return new Note(pair.key(), pair.valueAsString(), pair.version(), pair.expiresAt());
		}

	}

	record NotePage(List<Note> notes, String cursor) {
	}

}
