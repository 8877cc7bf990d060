package dev.hybridauth.session;

import java.time.Instant;

/**
 * One row of the revocation log ({@code hybrid_auth_revocation}): a session revoked, or a
 * user whose JWTs issued before a time no longer count. Every node reads the log to keep
 * its revocation view current.
 *
 * @param id the row's id, increasing in the order rows were written
 * @param kind what was revoked
 * @param subject the session's public id for {@link Kind#SESSION}, the user id for
 * {@link Kind#USER}
 * @param userId the user the revocation concerns
 * @param notBefore when it happened: the session's JWTs, or the user's JWTs issued before
 * this time, are refused
 */
public record RevocationEntry(long id, Kind kind, String subject, String userId, Instant notBefore) {

	/**
	 * What a revocation log row revokes.
	 */
	public enum Kind {

		/**
		 * Every JWT of one session (the session was revoked).
		 */
		SESSION,

		/**
		 * Every JWT of a user issued before the row's time (the user's authorities
		 * changed, or the user was disabled).
		 */
		USER

	}

}
