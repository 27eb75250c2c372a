package io.github.leakybucket.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyExistsException;
import io.github.leakybucket.kv.KeyModifiedException;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.StaleTokenException;
import io.github.leakybucket.lease.Lease;
import io.github.leakybucket.lease.Leases;

/**
 * Fenced work, as a minimal example: running a job takes the job's lease, works for a while, then increments the
 * job's counter with a write that carries the lease's fencing token.
 * <p>
 * {@code POST /api/jobs/{name}/run?holdMs=&leaseMs=} answers {@code 200 {"token": …, "counter": …}};
 * {@code 409} when another run holds the lease; {@code 410} when this run's lease was taken over while it worked
 * (its lease ran out, and another run took it) so that its fenced write was refused and nothing was written.
 * {@code GET /api/jobs/{name}} answers {@code {"counter": …}}.
 * <p>
 * The run does not check {@link Lease#isHeld()} before writing, to show that the token alone keeps a stale run
 * from writing over a newer one; real work would check it too, to stop early.
 */
@RestController
@RequestMapping("/api/jobs")
class JobsController {

	/** Longest time a run works, in milliseconds. */
	static final long MAX_HOLD_MS = Duration.ofMinutes(1).toMillis();

	/** Longest lease of a run, in milliseconds. */
	static final long MAX_LEASE_MS = Duration.ofHours(1).toMillis();

	/** Most times a run reads and swaps its counter when a stale run wrote in between. */
	private static final int MAX_SWAPS = 10;

	private final Leases leases;

	private final KeyValueStore store;

	JobsController(Leases leases, KeyValueStore store) {
		this.leases = leases;
		this.store = store;
	}

	@PostMapping("/{name}/run")
	ResponseEntity<?> run(@PathVariable String name, @RequestParam(defaultValue = "0") long holdMs,
			@RequestParam(defaultValue = "10000") long leaseMs) throws InterruptedException {
		if (holdMs < 0 || holdMs > MAX_HOLD_MS) {
			throw new IllegalArgumentException("holdMs must be between 0 and " + MAX_HOLD_MS + ": " + holdMs);
		}
		if (leaseMs < 1 || leaseMs > MAX_LEASE_MS) {
			throw new IllegalArgumentException("leaseMs must be between 1 and " + MAX_LEASE_MS + ": " + leaseMs);
		}
		Optional<Lease> acquired = this.leases.tryAcquire(leaseName(name), Duration.ofMillis(leaseMs));
		if (acquired.isEmpty()) {
			return problem(HttpStatus.CONFLICT, "Job '" + name + "' is being run by another holder of its lease");
		}
		try (Lease lease = acquired.get()) {
			Thread.sleep(holdMs);
			long counter = increment(counterKey(name), lease.token());
			return ResponseEntity.ok(new Run(lease.token().value(), counter));
		}
		catch (StaleTokenException ex) {
			return problem(HttpStatus.GONE, "Job '" + name + "' lost its lease (token " + ex.getToken().value()
					+ ") to a newer holder (token " + ex.getRecordedToken().value() + "); nothing was written");
		}
	}

	@GetMapping("/{name}")
	Counter counter(@PathVariable String name) {
		return new Counter(this.store.get(counterKey(name)).map(JobsController::value).orElse(0L));
	}

	/**
	 * Increments a counter with a fenced compare-and-swap. The token is checked first, so a run whose lease was
	 * taken over by a holder that has written since gets {@link StaleTokenException}. A swap can also fail because
	 * a stale run wrote between this run's read and write, before any newer token was recorded on the key: then
	 * the run reads and swaps again; once its write is in, its newer token shuts the stale run out.
	 */
	private long increment(String key, FencingToken token) {
		for (int swap = 0; swap < MAX_SWAPS; swap++) {
			Optional<KVPair> current = this.store.get(key);
			long next = current.map(JobsController::value).orElse(0L) + 1;
			try {
				this.store.atomicPutFenced(key, Long.toString(next).getBytes(StandardCharsets.UTF_8),
						current.orElse(null), token);
				return next;
			}
			catch (KeyExistsException | KeyModifiedException ex) {
				// Written in between: read again.
			}
		}
		throw new IllegalStateException("Counter '" + key + "' kept changing for " + MAX_SWAPS + " swaps");
	}

	private static long value(KVPair pair) {
		return Long.parseLong(pair.valueAsString());
	}

	private static String leaseName(String job) {
		return "jobs/" + job;
	}

	private static String counterKey(String job) {
		return "jobs/" + job + "/counter";
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badInput(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/**
	 * A finished run.
	 *
	 * @param token the fencing token of the run's lease
	 * @param counter the counter after the run's increment
	 */
	record Run(long token, long counter) {
	}

	/**
	 * A job's counter.
	 *
	 * @param counter the number of runs that wrote
	 */
	record Counter(long counter) {
	}

}
