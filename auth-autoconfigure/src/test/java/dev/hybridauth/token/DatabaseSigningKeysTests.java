package dev.hybridauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.it.EmbeddedPostgres;
import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Rotation of database keys, with two nodes on one real PostgreSQL and a clock the test
 * moves: a new key is published one JWT lifetime before it signs, exactly one key signs
 * at a time, a retired key stays published until its last token has expired, and the two
 * nodes always agree.
 */
class DatabaseSigningKeysTests {

	private static final Duration TTL = Duration.ofMinutes(5);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final Duration ROTATION = Duration.ofMinutes(60);

	private final MutableClock clock = new MutableClock();

	private JdbcTemplate jdbc;

	@BeforeEach
	void setUp() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(EmbeddedPostgres.jdbcUrl(), "postgres",
				"postgres");
		new ResourceDatabasePopulator(new ClassPathResource("dev/hybridauth/session/schema-postgresql.sql"))
			.execute(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.update("delete from hybrid_auth_signing_key");
	}

	@Test
	void firstNodeCreatesOneKeyThatSignsAtOnceAndTheSecondNodeUsesIt() {
		DatabaseSigningKeys first = node();
		DatabaseSigningKeys second = node();

		assertThat(first.publishedKeys()).hasSize(1);
		assertThat(second.signingKey().keyId()).isEqualTo(first.signingKey().keyId());
	}

	@Test
	void rotationPublishesBeforeSigningAndRetiresAfterTheLastTokenExpired() {
		DatabaseSigningKeys a = node();
		DatabaseSigningKeys b = node();
		String firstKey = a.signingKey().keyId();
		Instant start = this.clock.instant();

		// Just before the pre-publication point: nothing new.
		this.clock.advance(ROTATION.minus(TTL).minusSeconds(1));
		reload(a, b);
		assertThat(a.publishedKeys()).hasSize(1);

		// At it: the next key is published on both nodes but does not sign yet.
		this.clock.advance(Duration.ofSeconds(1));
		reload(b, a);
		assertThat(keyIds(a)).hasSize(2).isEqualTo(keyIds(b));
		assertThat(a.signingKey().keyId()).isEqualTo(firstKey);
		String secondKey = keyIds(a).get(1);

		// One JWT lifetime later it signs, on both nodes; the first key still verifies.
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(a.signingKey().keyId()).isEqualTo(firstKey);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(a.signingKey().keyId()).isEqualTo(secondKey);
		assertThat(b.signingKey().keyId()).isEqualTo(secondKey);
		assertThat(a.verificationKey(firstKey)).isPresent();

		// The first key leaves the JWKS once a token it signed at its last moment has
		// expired.
		this.clock.advance(TTL.plus(SKEW).minusSeconds(1));
		assertThat(a.verificationKey(firstKey)).isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(a.verificationKey(firstKey)).isEmpty();
		assertThat(Duration.between(start, this.clock.instant())).isEqualTo(ROTATION.plus(TTL).plus(SKEW));
	}

	@Test
	void keyStatusesFollowTheRotationWithTheirDates() {
		DatabaseSigningKeys keys = node();
		SigningKeys.KeyStatus first = keys.keyStatuses().get(0);
		assertThat(keys.keyStatuses()).hasSize(1);
		assertThat(first.keyId()).isEqualTo(keys.signingKey().keyId());
		assertThat(first.state()).isEqualTo(SigningKeys.KeyState.ACTIVE);
		assertThat(first.algorithm()).isEqualTo(JwtAlgorithm.RS256);
		assertThat(first.retiresAt()).as("scheduled").isEqualTo(first.activatesAt().plus(ROTATION));
		assertThat(first.publishedUntil()).isEqualTo(first.retiresAt().plus(TTL).plus(SKEW));

		this.clock.advance(ROTATION.minus(TTL));
		keys.reload();
		assertThat(keys.keyStatuses()).extracting(SigningKeys.KeyStatus::state)
			.containsExactly(SigningKeys.KeyState.ACTIVE, SigningKeys.KeyState.PUBLISHED);
		SigningKeys.KeyStatus next = keys.keyStatuses().get(1);
		assertThat(next.activatesAt()).isEqualTo(first.activatesAt().plus(ROTATION));
		assertThat(keys.keyStatuses().get(0).retiresAt()).isEqualTo(next.activatesAt());

		this.clock.advance(TTL);
		assertThat(keys.keyStatuses()).extracting(SigningKeys.KeyStatus::keyId, SigningKeys.KeyStatus::state)
			.containsExactly(tuple(first.keyId(), SigningKeys.KeyState.RETIRED),
					tuple(next.keyId(), SigningKeys.KeyState.ACTIVE));

		this.clock.advance(TTL.plus(SKEW));
		assertThat(keys.keyStatuses()).extracting(SigningKeys.KeyStatus::keyId).containsExactly(next.keyId());
	}

	@Test
	void twoNodesReloadingAtOnceInsertOneKeyPerGeneration() throws Exception {
		DatabaseSigningKeys a = node();
		DatabaseSigningKeys b = node();
		this.clock.advance(ROTATION);

		Thread other = new Thread(b::reload);
		other.start();
		a.reload();
		other.join();
		a.reload();

		Integer rows = this.jdbc.queryForObject("select count(*) from hybrid_auth_signing_key", Integer.class);
		assertThat(rows).isEqualTo(2);
		assertThat(keyIds(a)).isEqualTo(keyIds(b));
	}

	@Test
	void algorithmChangePublishesANewKeyBeforeItSigns() {
		DatabaseSigningKeys rsa = node();
		String rsaKey = rsa.signingKey().keyId();

		DatabaseSigningKeys ec = new DatabaseSigningKeys(this.jdbc, new SimpleAsyncTaskScheduler(), this.clock,
				JwtAlgorithm.ES256, TTL, SKEW, ROTATION);

		assertThat(ec.signingKey().keyId()).isEqualTo(rsaKey);
		this.clock.advance(TTL);
		assertThat(ec.signingKey().algorithm()).isEqualTo(JwtAlgorithm.ES256);
	}

	@Test
	void keysNoTokenCanNeedAreDeleted() {
		DatabaseSigningKeys a = node();
		for (int i = 0; i < 5; i++) {
			this.clock.advance(ROTATION);
			a.reload();
		}
		Integer rows = this.jdbc.queryForObject("select count(*) from hybrid_auth_signing_key", Integer.class);
		assertThat(rows).isLessThanOrEqualTo(3);
		assertThat(a.publishedKeys()).hasSizeLessThanOrEqualTo(2);
	}

	private DatabaseSigningKeys node() {
		return new DatabaseSigningKeys(this.jdbc, new SimpleAsyncTaskScheduler(), this.clock, JwtAlgorithm.RS256, TTL,
				SKEW, ROTATION);
	}

	private static void reload(DatabaseSigningKeys... nodes) {
		for (DatabaseSigningKeys node : nodes) {
			node.reload();
		}
	}

	private static List<String> keyIds(DatabaseSigningKeys keys) {
		return keys.publishedKeys().stream().map(SigningKey::keyId).toList();
	}

}
