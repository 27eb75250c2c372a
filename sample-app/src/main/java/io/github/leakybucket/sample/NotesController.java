package io.github.leakybucket.sample;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.ListOptions;
import io.github.leakybucket.kv.Page;
import io.github.leakybucket.kv.PutOptions;

/**
 * Text notes kept in the {@link KeyValueStore}.
 * <p>
 * A note's body is limited before it is read: a declared length over {@value #MAX_NOTE_BYTES} bytes is refused
 * without reading, and no more than that is ever read. Bad input gets a {@code 400} problem, a body too large a
 * {@code 413} problem.
 */
@RestController
@RequestMapping("/api/notes")
class NotesController {

	/** Largest note body, in bytes. */
	static final int MAX_NOTE_BYTES = 64 * 1024;

	/** Longest time to live of a note, in seconds: one year. */
	static final long MAX_TTL_SECONDS = Duration.ofDays(365).toSeconds();

	private final KeyValueStore store;

	NotesController(KeyValueStore store) {
		this.store = store;
	}

	@PutMapping("/{key}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void put(@PathVariable String key, @RequestParam(required = false) Long ttl, HttpServletRequest request)
			throws IOException {
		if (ttl != null && (ttl < 1 || ttl > MAX_TTL_SECONDS)) {
			throw new IllegalArgumentException("ttl must be between 1 and " + MAX_TTL_SECONDS + " seconds: " + ttl);
		}
		PutOptions options = (ttl != null) ? PutOptions.ttl(Duration.ofSeconds(ttl)) : PutOptions.none();
		this.store.put(key, readText(request), options);
	}

	private static String readText(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > MAX_NOTE_BYTES) {
			throw new NoteTooLargeException();
		}
		byte[] body = request.getInputStream().readNBytes(MAX_NOTE_BYTES + 1);
		if (body.length > MAX_NOTE_BYTES) {
			throw new NoteTooLargeException();
		}
		String encoding = request.getCharacterEncoding();
		return new String(body, (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8);
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

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Parameter '" + ex.getName()
				+ "' is not a valid " + ((type != null) ? type.getSimpleName().toLowerCase(Locale.ROOT) : "value"));
	}

	@ExceptionHandler(NoteTooLargeException.class)
	ProblemDetail tooLarge() {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"A note holds at most " + MAX_NOTE_BYTES + " bytes");
	}

	/** Thrown when a note's body is over {@link #MAX_NOTE_BYTES}. */
	static final class NoteTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NoteTooLargeException() {
			super("A note holds at most " + MAX_NOTE_BYTES + " bytes");
		}

	}

	record Note(String key, String text, long version, Instant expiresAt) {

		static Note of(KVPair pair) {
			return new Note(pair.key(), pair.valueAsString(), pair.version(), pair.expiresAt());
		}

	}

	record NotePage(List<Note> notes, String cursor) {
	}

}
