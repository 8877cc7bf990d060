package dev.hybridauth.event;

import java.time.Duration;

import dev.hybridauth.LoginLimit;

/**
 * Published for every password check that was refused before its hash because of too many
 * failed attempts (the client got {@code 429}): a login, a re-authentication or a form
 * login.
 * <p>
 * The username and the address are <strong>personal data</strong>, as typed by the client
 * (the username may be someone else's, or a password typed into the wrong field): log or
 * keep them only as your data-protection rules allow. hybrid-auth itself stores neither,
 * only their SHA-256 hashes.
 *
 * @param username the username of the attempt, as typed
 * @param address the client address ({@code request.getRemoteAddr()})
 * @param limit the limit that refused it (the one with the longest wait when several did)
 * @param retryAfter how long until that limit lets the attempt through again
 */
public record HybridLoginThrottledEvent(String username, String address, LoginLimit limit, Duration retryAfter) {

}
