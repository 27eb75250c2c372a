package io.github.leakybucket.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.leakybucket.Bucket;
import io.github.leakybucket.BucketConfig;
import io.github.leakybucket.DecisionListener;
import io.github.leakybucket.testsupport.DynamoDbTestServer;
import io.github.leakybucket.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts share a bucket, one with a clock five seconds ahead. Both clocks are driven by the test.
 */
class DynamoDbBucketClockSkewTests {

	private static final BucketConfig TEN_PER_SECOND = BucketConfig.of(10, Duration.ofSeconds(1));

	private static final Duration SKEW = Duration.ofSeconds(5);

	private static DynamoDbClient client;

	private static String table;

	private final MutableClock correctClock = MutableClock.atSystemTime();

	private final MutableClock fastClock = new MutableClock(this.correctClock.instant().plus(SKEW));

	private final List<Duration> skews = new CopyOnWriteArrayList<>();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.github.leakybucket.BucketStorage");

	@BeforeAll
	static void createTable() {
		client = DynamoDbTestServer.client();
		table = DynamoDbTestServer.uniqueTableName("skew");
		new DynamoDbTables(client).createIfMissing(table, TableLayout.BUCKETS);
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@BeforeEach
	void captureWarnings() {
		this.log.start();
		this.logger.addAppender(this.log);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.detachAppender(this.log);
	}

	@Test
	void aCorrectHostIsAdmittedSoonAfterAFastHostFilledTheBucket() {
		String name = "filled-" + System.nanoTime();
		Bucket fast = storage(this.fastClock, DecisionListener.NONE).create(name, TEN_PER_SECOND);
		Bucket correct = correctHost(name);
		assertThat(fast.tryAdd(10).admitted()).isTrue();

		int ticks = 0;
		while (!correct.tryAdd(1).admitted() && ticks < 50) {
			tick();
			ticks++;
		}

		// Deciding on its own clock, the correct host would wait the skew plus a drain time: 60 ticks.
		assertThat(ticks).isLessThanOrEqualTo(5);
		assertSkewReportedAndLogged(name);
	}

	private Bucket correctHost(String name) {
		return storage(this.correctClock, new DecisionListener() {

			@Override
			public void onClockSkew(Bucket bucket, Duration ahead) {
				DynamoDbBucketClockSkewTests.this.skews.add(ahead);
			}

		}).create(name, TEN_PER_SECOND);
	}

	/** Moves both clocks on by the time one unit takes to drain. */
	private void tick() {
		this.correctClock.advance(Duration.ofMillis(100));
		this.fastClock.advance(Duration.ofMillis(100));
	}

	private void assertSkewReportedAndLogged(String name) {
		assertThat(this.skews).isNotEmpty()
			.allSatisfy((skew) -> assertThat(skew).isBetween(SKEW.minusMillis(500), SKEW));
		assertThat(this.log.list).anySatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains(name).contains("clock");
		});
	}

	private DynamoDbBucketStorage storage(MutableClock clock, DecisionListener listener) {
		return DynamoDbBucketStorage.builder(client)
			.tableName(table)
			.clock(clock)
			.listener(listener)
			.requestTimeout(Duration.ofSeconds(10))
			.verifyTable(false)
			.build();
	}

}
