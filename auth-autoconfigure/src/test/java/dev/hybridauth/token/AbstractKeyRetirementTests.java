package dev.hybridauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import dev.hybridauth.HybridSession;
import dev.hybridauth.JwtAlgorithm;
import dev.hybridauth.it.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A key that leaves the database takes the verifications cached under it along: with
 * {@link DatabaseSigningKeys}, a real database and a clock the test moves, a token
 * verified and cached under key 1 is refused as an unknown {@code kid} once key 1 is
 * gone, while a token signed by key 2 is accepted. Runs once per database.
 */
abstract class AbstractKeyRetirementTests {

	private static final Duration TTL = Duration.ofMinutes(5);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final Duration ROTATION = Duration.ofMinutes(60);

	private final MutableClock clock = new MutableClock();

	private final SessionJwtSettings settings = new SessionJwtSettings("issuer", "audience", TTL, SKEW);

	private JdbcTemplate jdbc;

	private DatabaseSigningKeys keys;

	private CountingSigningKeys countingKeys;

	private NimbusSessionJwtVerifier verifier;

	private VerifiedJwtCache cache;

	/**
	 * A database with hybrid-auth's tables that only this test class uses.
	 * @return the database
	 */
	abstract DataSource dataSource();

	@BeforeEach
	void setUp() {
		this.jdbc = new JdbcTemplate(dataSource());
		this.jdbc.update("delete from hybrid_auth_signing_key");
		this.keys = new DatabaseSigningKeys(this.jdbc, new SimpleAsyncTaskScheduler(), this.clock, JwtAlgorithm.RS256,
				TTL, SKEW, ROTATION);
		this.cache = new VerifiedJwtCache(100, this.clock, SKEW);
		this.countingKeys = new CountingSigningKeys(this.keys);
		this.verifier = new NimbusSessionJwtVerifier(this.countingKeys, this.settings, this.clock);
		this.verifier.setCache(this.cache);
	}

	@Test
	void verifyWhenTheKeyOfACachedTokenIsRetiredThenRefusedAsAnUnknownKid() throws Exception {
		String firstKey = this.keys.signingKey().keyId();
		// key 2 is published one JWT lifetime before it signs: a token that key 1 signs
		// then is still valid when key 2 takes over
		this.clock.advance(ROTATION.minus(TTL));
		this.keys.reload();
		String underFirstKey = issue();
		this.verifier.verify(underFirstKey);
		this.clock.advance(TTL);
		String secondKey = this.keys.signingKey().keyId();
		assertThat(secondKey).isNotEqualTo(firstKey);
		String underSecondKey = issue();
		int lookups = this.countingKeys.lookups();
		assertThat(this.verifier.verify(underFirstKey).subject()).as("cached and still valid").isEqualTo("alice");
		assertThat(this.countingKeys.lookups()).as("a cache hit: no key lookup").isEqualTo(lookups);

		// key 1 is retired at once (compromised, say), and this node reloads
		this.jdbc.update("delete from hybrid_auth_signing_key where kid = ?", firstKey);
		this.keys.reload();

		assertThat(this.keys.publishedKeyIds()).containsExactly(secondKey);
		assertThatExceptionOfType(InvalidSessionJwtException.class)
			.isThrownBy(() -> this.verifier.verify(underFirstKey))
			.withMessage("unknown kid");
		assertThat(this.verifier.verify(underSecondKey).subject()).isEqualTo("alice");
		assertThat(this.cache.size()).as("only the token of key 2 is cached").isOne();
	}

	@Test
	void verifyWhenAKeyIsPublishedAfterATokenWasCachedThenTheCachedTokenStillVerifies() throws Exception {
		this.clock.advance(ROTATION.minus(TTL).minusMinutes(1));
		String token = issue();
		this.verifier.verify(token);
		Set<String> before = this.keys.publishedKeyIds();

		this.clock.advance(Duration.ofMinutes(1));
		this.keys.reload();
		int lookups = this.countingKeys.lookups();

		assertThat(this.keys.publishedKeyIds()).hasSize(2).containsAll(before);
		assertThat(this.verifier.verify(token).subject()).isEqualTo("alice");
		assertThat(this.countingKeys.lookups()).as("still a cache hit").isEqualTo(lookups);
	}

	@Test
	void publishedKeyIdsIsOneSetUntilTheNextReload() {
		Set<String> first = this.keys.publishedKeyIds();

		assertThat(this.keys.publishedKeyIds()).isSameAs(first)
			.containsExactlyElementsOf(this.keys.publishedKeys().stream().map(SigningKey::keyId).toList());
		this.keys.reload();
		assertThat(this.keys.publishedKeyIds()).isEqualTo(first);
	}

	private String issue() {
		Instant now = this.clock.instant();
		HybridSession session = new HybridSession("sid-1", "alice", List.of("ROLE_USER"), now, now,
				now.plusSeconds(1800), now.plusSeconds(28800), now, null, null);
		return new NimbusSessionJwtIssuer(this.keys, this.settings, this.clock, List.of()).issue(session).token();
	}

}
