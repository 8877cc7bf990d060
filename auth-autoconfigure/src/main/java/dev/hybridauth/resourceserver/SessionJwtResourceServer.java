package dev.hybridauth.resourceserver;

import java.time.Duration;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.Assert;

/**
 * Spring Security's OAuth2 resource server set up for hybrid-auth's session JWTs, for
 * another service that trusts the application's logins: the JWT verified from the
 * application's JWKS with its {@code iss}, {@code aud}, {@code typ}, {@code exp} and
 * {@code nbf} checked, and its {@code roles} claim as the authorities (so that
 * {@code hasRole("ADMIN")} works as it does in the application). In a filter chain:
 * <pre class="code">
 * http.oauth2ResourceServer((server) -&gt; server.jwt(SessionJwtResourceServer.jwt(
 *         "https://app.example.com/.well-known/jwks.json", "hybrid-auth", "hybrid-auth")));
 * </pre> The issuer and audience are the application's {@code hybrid-auth.jwt.issuer} and
 * {@code hybrid-auth.jwt.audience} (both {@code hybrid-auth} by default). Such a service
 * sees the roles as they were when the JWT was issued: a revocation reaches it only when
 * the JWT expires.
 */
public final class SessionJwtResourceServer {

	/**
	 * The claim that holds the session's granted authorities, as strings.
	 */
	public static final String ROLES_CLAIM = "roles";

	/**
	 * The tolerance for clock differences, as hybrid-auth's default
	 * {@code hybrid-auth.jwt.clock-skew}.
	 */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private SessionJwtResourceServer() {
	}

	/**
	 * A customizer of the resource server's JWT support: the
	 * {@link #jwtDecoder(String, String, String) decoder} and the
	 * {@link #authenticationConverter() authorities}.
	 * @param jwkSetUri the application's {@code /.well-known/jwks.json}
	 * @param issuer the {@code iss} the application issues
	 * ({@code hybrid-auth.jwt.issuer})
	 * @param audience the {@code aud} the application issues
	 * ({@code hybrid-auth.jwt.audience})
	 * @return the customizer, for {@code oauth2ResourceServer(server -> server.jwt(...))}
	 */
	public static Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>.JwtConfigurer> jwt(String jwkSetUri,
			String issuer, String audience) {
		NimbusJwtDecoder decoder = jwtDecoder(jwkSetUri, issuer, audience);
		JwtAuthenticationConverter converter = authenticationConverter();
		return (jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(converter);
	}

	/**
	 * A decoder of session JWTs: keys from the JWKS (fetched and cached by Spring
	 * Security, fetched again for an unknown {@code kid}), {@code RS256} or
	 * {@code ES256}, and Spring Security's default checks ({@code typ: JWT}, {@code exp},
	 * {@code nbf}) with the issuer and the audience.
	 * @param jwkSetUri the application's {@code /.well-known/jwks.json}
	 * @param issuer the {@code iss} the application issues
	 * @param audience the {@code aud} the application issues
	 * @return the decoder, usable as a {@code JwtDecoder} bean
	 */
	public static NimbusJwtDecoder jwtDecoder(String jwkSetUri, String issuer, String audience) {
		Assert.hasText(jwkSetUri, "jwkSetUri cannot be empty");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithms((algorithms) -> {
			algorithms.add(SignatureAlgorithm.RS256);
			algorithms.add(SignatureAlgorithm.ES256);
		}).build();
		decoder.setJwtValidator(jwtValidator(issuer, audience));
		return decoder;
	}

	/**
	 * The checks of a session JWT's claims, for a decoder built otherwise.
	 * @param issuer the {@code iss} the application issues
	 * @param audience the {@code aud} the application issues
	 * @return the default validators of Spring Security ({@code typ: JWT}, {@code exp}
	 * and {@code nbf} within the clock skew) with the issuer's and the audience's
	 */
	public static OAuth2TokenValidator<Jwt> jwtValidator(String issuer, String audience) {
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.hasText(audience, "audience cannot be empty");
		return JwtValidators.createDefaultWithValidators(new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(issuer), new JwtAudienceValidator(audience));
	}

	/**
	 * The converter from a verified session JWT to an authentication: its {@code sub} as
	 * the name, its {@code roles} as the authorities, as they are ({@code ROLE_ADMIN}
	 * stays {@code ROLE_ADMIN}: no {@code SCOPE_} prefix). Usable as a
	 * {@code JwtAuthenticationConverter} bean, which Spring Security's resource server
	 * picks up.
	 * @return the converter
	 */
	public static JwtAuthenticationConverter authenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
