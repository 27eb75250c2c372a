package io.github.leakybucket.sample.webflux;

import io.github.leakybucket.annotation.RateLimited;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rate-limited greetings: one bucket shared by all callers, and one bucket per user. Each subscription to a returned
 * {@code Mono} decides once, when WebFlux subscribes to it.
 */
@RestController
@RequestMapping("/api")
public class HelloController {

	/**
	 * Greets anyone, draining the shared {@code demo} bucket.
	 * @return the greeting
	 */
	@GetMapping("/hello")
	@RateLimited("demo")
	public Mono<Greeting> hello() {
		return Mono.just(new Greeting("Hello, world"));
	}

	/**
	 * Greets one user, draining that user's {@code per-user} bucket.
	 * @param id the user id
	 * @return the greeting
	 */
	@GetMapping("/users/{id}/hello")
	@RateLimited(bucket = "per-user", key = "#id")
	public Mono<Greeting> helloUser(@PathVariable String id) {
		return Mono.just(new Greeting("Hello, " + id));
	}

	/**
	 * A greeting.
	 *
	 * @param message the message
	 */
	public record Greeting(String message) {
	}

}
