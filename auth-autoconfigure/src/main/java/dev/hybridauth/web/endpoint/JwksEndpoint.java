package dev.hybridauth.web.endpoint;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;
import dev.hybridauth.web.EndpointSettings;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify session JWTs (the
 * signing key, the next one and retired ones whose tokens may still be valid), public
 * parts only. Caches may keep it for at most one JWT lifetime, the time a new key is
 * published before it signs.
 */
@RestController
class JwksEndpoint {

	private static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

	private final SigningKeys keys;

	private final CacheControl cacheControl;

	JwksEndpoint(SigningKeys keys, Duration maxAge) {
		this.keys = keys;
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
	}

	@GetMapping(EndpointSettings.JWKS)
	ResponseEntity<String> jwks() {
		List<JWK> publicKeys = this.keys.publishedKeys().stream().map(SigningKey::publicJwk).toList();
		return ResponseEntity.ok()
			.cacheControl(this.cacheControl)
			.contentType(JWK_SET)
			.body(new JWKSet(publicKeys).toString(true));
	}

}
