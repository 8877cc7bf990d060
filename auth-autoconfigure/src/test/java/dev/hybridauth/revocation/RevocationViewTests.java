package dev.hybridauth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the revocation view refuses, and that it keeps an entry only while a JWT it
 * concerns can be valid.
 */
class RevocationViewTests {

	private static final Duration RETENTION = Duration.ofMinutes(5).plusSeconds(30);

	private static final Instant NOW = Instant.parse("2030-01-01T12:00:00.500Z");

	private Instant now = NOW;

	private final RevocationView view = new RevocationView(RETENTION, new Clock() {

		@Override
		public Instant instant() {
			return RevocationViewTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	});

	@Test
	void revokedSessionIsRefusedAndOtherSessionsOfTheUserAreNot() {
		this.view.sessionRevoked("s1", NOW);

		assertThat(this.view.isRevoked("s1", "bob", NOW.minusSeconds(10))).isTrue();
		assertThat(this.view.isRevoked("s2", "bob", NOW.minusSeconds(10))).as("positive control").isFalse();
	}

	@Test
	void userNotBeforeRefusesOlderJwtsAndKeepsThoseOfTheSameOrALaterSecond() {
		this.view.userChanged("bob", NOW);

		assertThat(this.view.isRevoked("s1", "bob", NOW.minusSeconds(1))).isTrue();
		assertThat(this.view.isRevoked("s1", "bob", Instant.parse("2030-01-01T12:00:00Z")))
			.as("issued in the second of the change: a refresh right after it")
			.isFalse();
		assertThat(this.view.isRevoked("s1", "bob", NOW.plusSeconds(1))).isFalse();
		assertThat(this.view.isRevoked("s1", "carol", NOW.minusSeconds(1))).as("another user").isFalse();
	}

	@Test
	void notBeforeAheadOfThisNodesClockCountsAsNow() {
		this.view.userChanged("bob", NOW.plusSeconds(30));

		assertThat(this.view.isRevoked("s1", "bob", NOW)).as("a JWT this node issues now").isFalse();
		assertThat(this.view.isRevoked("s1", "bob", NOW.minusSeconds(1))).isTrue();
	}

	@Test
	void entriesAreDroppedOnceNoJwtTheyConcernCanBeValid() {
		this.view.sessionRevoked("s1", NOW);
		this.view.userChanged("bob", NOW);
		this.view.sessionRevoked("s2", NOW.minus(RETENTION).minusSeconds(1));
		assertThat(this.view.size()).as("a revocation older than the retention is not kept").isEqualTo(2);

		this.now = NOW.plus(RETENTION).minusSeconds(1);
		assertThat(this.view.expire()).isZero();
		assertThat(this.view.size()).isEqualTo(2);

		this.now = NOW.plus(RETENTION);
		assertThat(this.view.isRevoked("s1", "alice", NOW)).as("removed on lookup").isFalse();
		assertThat(this.view.size()).isEqualTo(1);
		assertThat(this.view.expire()).isEqualTo(1);
		assertThat(this.view.size()).isZero();
	}

	@Test
	void sizeIsBoundedByTheRevocationsOfOneRetention() {
		for (int i = 0; i < 1000; i++) {
			this.now = NOW.plusSeconds(i);
			this.view.sessionRevoked("s" + i, this.now);
			this.view.expire();
		}
		assertThat(this.view.size()).isEqualTo((int) RETENTION.toSeconds());
	}

}
