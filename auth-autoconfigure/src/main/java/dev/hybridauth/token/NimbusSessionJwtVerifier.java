package dev.hybridauth.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hybridauth.SessionJwtClaims;

/**
 * Verifies session JWTs locally, strictly, and in an order that keeps untrusted input
 * away from the parsers:
 * <ol>
 * <li>a size cap and the compact-JWS shape ({@code header.payload.signature}, base64url
 * only);</li>
 * <li>the header: {@code typ: JWT}, a {@code kid} of a published key, exactly that key's
 * algorithm (so no {@code none}, no HMAC keyed with a public key, nothing outside the
 * allow-list), and no {@code crit}, {@code jwk}, {@code jku}, {@code x5u} or
 * {@code x5c};</li>
 * <li>the signature, before the claims are parsed;</li>
 * <li>the claims: the exact {@code iss}, the {@code aud}, {@code exp}, {@code iat},
 * {@code sub}, {@code sid} and {@code jti} present, {@code nbf} and {@code iat} not in
 * the future, the lifetime no longer than the configured one, {@code roles} a list of
 * strings; the expiry last, so that an expired-only token can be told apart for
 * refresh.</li>
 * </ol>
 */
class NimbusSessionJwtVerifier implements SessionJwtVerifier {

	/**
	 * Longer tokens are refused unread. A session JWT with a few dozen roles is well
	 * under 2 KB, and Tomcat refuses request headers over 8 KB anyway.
	 */
	static final int MAX_LENGTH = 4096;

	/** The characters of base64url, without padding, indexed by character. */
	private static final boolean[] BASE64URL = new boolean[128];

	static {
		for (char c = 'A'; c <= 'Z'; c++) {
			BASE64URL[c] = true;
			BASE64URL[Character.toLowerCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			BASE64URL[c] = true;
		}
		BASE64URL['-'] = true;
		BASE64URL['_'] = true;
	}

	private final SigningKeys keys;

	private final SessionJwtSettings settings;

	private final Clock clock;

	private VerifiedJwtCache cache;

	NimbusSessionJwtVerifier(SigningKeys keys, SessionJwtSettings settings, Clock clock) {
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Sets the cache of tokens that verified, which {@link #verify(String)} consults
	 * after the shape check; {@link #verifyAllowingExpiry(String, Duration)} never does.
	 * @param cache where tokens that verified are kept, so that the next request with the
	 * same token skips the signature check; {@code null} for none
	 */
	void setCache(VerifiedJwtCache cache) {
		this.cache = cache;
	}

	@Override
	public SessionJwtClaims verify(String token) throws InvalidSessionJwtException {
		if (this.cache == null) {
			return verify(token, Duration.ZERO).claims();
		}
		if (!hasCompactShape(token)) {
			throw new InvalidSessionJwtException("not a compact JWS within the size cap");
		}
		SessionJwtClaims cached = this.cache.get(token, this.keys.publishedKeyIds());
		if (cached != null) {
			return cached;
		}
		Verified verified = verify(token, Duration.ZERO);
		this.cache.put(token, verified.claims(), verified.keyId());
		return verified.claims();
	}

	@Override
	public SessionJwtClaims verifyAllowingExpiry(String token, Duration gracePeriod) throws InvalidSessionJwtException {
		return verify(token, gracePeriod).claims();
	}

	/**
	 * Whether a value is shaped like a compact JWS, without parsing it.
	 * @param value the value
	 * @return {@code true} for three non-empty base64url segments within the size cap
	 */
	static boolean hasCompactShape(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return false;
		}
		int dots = 0;
		char previous = '.';
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '.') {
				if (previous == '.') {
					return false;
				}
				dots++;
			}
			else if (c >= BASE64URL.length || !BASE64URL[c]) {
				return false;
			}
			previous = c;
		}
		return dots == 2 && previous != '.';
	}

	private Verified verify(String token, Duration expiryGrace) throws InvalidSessionJwtException {
		if (!hasCompactShape(token)) {
			throw new InvalidSessionJwtException("not a compact JWS within the size cap");
		}
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(token);
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidSessionJwtException("unparseable JWS");
		}
		SigningKey key = checkHeader(jwt.getHeader());
		try {
			if (!jwt.verify(key.verifier())) {
				throw new InvalidSessionJwtException("bad signature");
			}
		}
		catch (JOSEException | RuntimeException ex) {
			throw new InvalidSessionJwtException("signature not verifiable");
		}
		JWTClaimsSet claims;
		try {
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidSessionJwtException("unparseable claims");
		}
		return new Verified(checkClaims(claims, expiryGrace), key.keyId());
	}

	private SigningKey checkHeader(JWSHeader header) throws InvalidSessionJwtException {
		if (!JOSEObjectType.JWT.equals(header.getType())) {
			throw new InvalidSessionJwtException("typ is not JWT");
		}
		if (header.getCriticalParams() != null || header.getJWK() != null || header.getJWKURL() != null
				|| header.getX509CertURL() != null || header.getX509CertChain() != null) {
			throw new InvalidSessionJwtException("forbidden header parameter");
		}
		String keyId = header.getKeyID();
		if (keyId == null) {
			throw new InvalidSessionJwtException("no kid");
		}
		SigningKey key = this.keys.verificationKey(keyId)
			.orElseThrow(() -> new InvalidSessionJwtException("unknown kid"));
		if (!key.jwsAlgorithm().equals(header.getAlgorithm())) {
			throw new InvalidSessionJwtException("algorithm does not match the key");
		}
		return key;
	}

	private SessionJwtClaims checkClaims(JWTClaimsSet claims, Duration expiryGrace) throws InvalidSessionJwtException {
		try {
			if (!this.settings.issuer().equals(claims.getIssuer())) {
				throw new InvalidSessionJwtException("wrong iss");
			}
			if (claims.getAudience() == null || !claims.getAudience().contains(this.settings.audience())) {
				throw new InvalidSessionJwtException("wrong aud");
			}
			String subject = requiredText(claims.getSubject(), "sub");
			String sessionId = requiredText(claims.getStringClaim("sid"), "sid");
			String jwtId = requiredText(claims.getJWTID(), "jti");
			Instant issuedAt = required(claims.getIssueTime(), "iat");
			Instant expiresAt = required(claims.getExpirationTime(), "exp");
			Instant now = this.clock.instant();
			Duration skew = this.settings.clockSkew();
			if (issuedAt.minus(skew).isAfter(now)) {
				throw new InvalidSessionJwtException("iat in the future");
			}
			if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(skew).isAfter(now)) {
				throw new InvalidSessionJwtException("nbf in the future");
			}
			if (!expiresAt.isAfter(issuedAt)
					|| Duration.between(issuedAt, expiresAt).compareTo(this.settings.ttl()) > 0) {
				throw new InvalidSessionJwtException("lifetime longer than the configured ttl");
			}
			List<String> roles = claims.getStringListClaim("roles");
			Long authTime = claims.getLongClaim("auth_time");
			SessionJwtClaims verified = new SessionJwtClaims(subject, sessionId, jwtId, issuedAt, expiresAt,
					(authTime != null) ? Instant.ofEpochSecond(authTime) : null, (roles != null) ? roles : List.of(),
					claims.toJSONObject());
			if (!expiresAt.plus(skew).isAfter(now)) {
				boolean withinGrace = expiresAt.plus(skew).plus(expiryGrace).isAfter(now);
				if (!withinGrace) {
					throw new InvalidSessionJwtException("expired", true);
				}
			}
			return verified;
		}
		catch (ParseException | RuntimeException ex) {
			throw new InvalidSessionJwtException("malformed claim");
		}
	}

	private static String requiredText(String value, String name) throws InvalidSessionJwtException {
		if (value == null || value.isEmpty()) {
			throw new InvalidSessionJwtException("missing " + name);
		}
		return value;
	}

	private static Instant required(Date value, String name) throws InvalidSessionJwtException {
		if (value == null) {
			throw new InvalidSessionJwtException("missing " + name);
		}
		return value.toInstant();
	}

	/**
	 * A token that verified: its claims, and the key that verified it.
	 */
	private record Verified(SessionJwtClaims claims, String keyId) {

	}

}
