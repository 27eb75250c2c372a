package io.github.leakybucket.lease;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.leakybucket.dynamodb.local.EmbeddedDynamoDbLocal;
import io.github.leakybucket.kv.FencingToken;
import io.github.leakybucket.kv.KVPair;
import io.github.leakybucket.kv.KeyModifiedException;
import io.github.leakybucket.kv.KeyValueStore;
import io.github.leakybucket.kv.StaleTokenException;
import io.github.leakybucket.kv.dynamodb.DynamoDbKeyValueStore;
import io.github.leakybucket.kv.dynamodb.DynamoDbLeaseTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One JVM of {@link DynamoDbLeaseMultiProcessTests}. Its threads run one job repeatedly: acquire the lease, read
 * the counter, check the lease is still held, and write the counter plus one with a fenced compare-and-swap. If
 * told to, one thread pauses once right after its check, past its lease, until another holder has written the
 * counter with a newer token: a GC pause at the worst moment. At the end it prints
 * {@code runs=<n> stale=<n> conflicts=<n> busy=<n> tokens=<t,t,...>}, the tokens being those of its successful
 * runs.
 */
public final class LeaseJobRunner {

	static final String LEASE = "nightly-report";

	static final String COUNTER = "report-runs";

	static final String PARTITION = "jobs";

	static final Duration LEASE_DURATION = Duration.ofSeconds(1);

	private final KeyValueStore store;

	private final Leases leases;

	private final AtomicLong runs = new AtomicLong();

	private final AtomicLong stale = new AtomicLong();

	private final AtomicLong conflicts = new AtomicLong();

	private final AtomicLong busy = new AtomicLong();

	private final ConcurrentLinkedQueue<Long> tokens = new ConcurrentLinkedQueue<>();

	private volatile boolean pausePending;

	private LeaseJobRunner(DynamoDbClient client, String table, String owner, boolean pause) {
		this.store = DynamoDbKeyValueStore.builder(client, table).defaultPartition(PARTITION).build();
		this.leases = Leases.builder(DynamoDbLeaseTable.create(client, table))
			.ownerId(owner)
			.backOff(Duration.ofMillis(5), Duration.ofMillis(100))
			.build();
		this.pausePending = pause;
	}

	/**
	 * Runs the jobs.
	 * @param args endpoint, table, owner identity, threads, run millis, whether to pause one holder
	 * @throws Exception if a thread fails
	 */
	public static void main(String[] args) throws Exception {
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(URI.create(args[0]))
			.region(EmbeddedDynamoDbLocal.REGION)
			.credentialsProvider(EmbeddedDynamoDbLocal.dummyCredentials())
			.build();
		LeaseJobRunner runner = new LeaseJobRunner(client, args[1], args[2], Boolean.parseBoolean(args[5]));
		int threads = Integer.parseInt(args[3]);
		Duration run = Duration.ofMillis(Long.parseLong(args[4]));
		runner.warmUp(args[2]);
		System.out.println("ready");
		System.out.flush();
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		Instant start = Instant.ofEpochMilli(Long.parseLong(input.readLine().trim()));
		Instant end = start.plus(run);
		List<Thread> workers = new ArrayList<>();
		ConcurrentLinkedQueue<Throwable> failed = new ConcurrentLinkedQueue<>();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> runner.work(start, end));
			worker.setUncaughtExceptionHandler((thread, ex) -> failed.add(ex));
			workers.add(worker);
		}
		workers.forEach(Thread::start);
		for (Thread worker : workers) {
			worker.join();
		}
		client.close();
		if (!failed.isEmpty()) {
			failed.peek().printStackTrace(System.out);
			System.exit(1);
		}
		System.out.println("runs=" + runner.runs + " stale=" + runner.stale + " conflicts=" + runner.conflicts
				+ " busy=" + runner.busy + " tokens="
				+ String.join(",", runner.tokens.stream().map(String::valueOf).toList()));
	}

	/** Runs every request the jobs make a few times on a lease of its own, so that a cold JVM is not slower than a lease. */
	private void warmUp(String owner) {
		for (int i = 0; i < 20; i++) {
			Lease lease = this.leases.tryAcquire("warm-up-" + owner, Duration.ofMinutes(1)).orElseThrow();
			this.store.get(COUNTER);
			this.store.fence(COUNTER);
			this.store.atomicPutFenced("warm-up-" + owner, new byte[1], null, lease.token());
			this.store.delete("warm-up-" + owner);
			lease.renew();
			lease.release();
		}
	}

	private void work(Instant start, Instant end) {
		long wait = Duration.between(Instant.now(), start).toNanos();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
		while (Instant.now().isBefore(end)) {
			Optional<Lease> acquired;
			try {
				acquired = this.leases.acquire(LEASE, LEASE_DURATION, Duration.ofSeconds(3));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (acquired.isEmpty()) {
				this.busy.incrementAndGet();
				continue;
			}
			try (Lease lease = acquired.get()) {
				runOnce(lease);
			}
		}
	}

	private void runOnce(Lease lease) {
		KVPair counter = this.store.get(COUNTER).orElse(null);
		if (!lease.isHeld()) {
			return;
		}
		if (this.pausePending && counter != null) {
			this.pausePending = false;
			pauseUntilOvertaken(lease.token());
		}
		long next = ((counter != null) ? Long.parseLong(counter.valueAsString()) : 0) + 1;
		try {
			this.store.atomicPutFenced(COUNTER, Long.toString(next).getBytes(StandardCharsets.UTF_8), counter,
					lease.token());
			this.runs.incrementAndGet();
			this.tokens.add(lease.token().value());
		}
		catch (StaleTokenException ex) {
			this.stale.incrementAndGet();
		}
		catch (KeyModifiedException ex) {
			this.conflicts.incrementAndGet();
		}
	}

	/** Pauses, as a long GC pause would, until another holder has written the counter with a newer token. */
	private void pauseUntilOvertaken(FencingToken token) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<FencingToken> fence = this.store.fence(COUNTER);
			if (fence.isPresent() && fence.get().isNewerThan(token)) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
	}

}
