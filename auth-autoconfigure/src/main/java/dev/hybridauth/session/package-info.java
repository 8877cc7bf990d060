/**
 * The session store and the session rules: token generation and hashing, expiry, touch,
 * refresh, limits and cleanup, with the JPA store and its entity, the JDBC store and the
 * schema scripts. An application may implement the {@link SessionStore} SPI over
 * {@link StoredSession}, or use the {@link InMemorySessionStore}; the
 * {@link SessionAutoConfiguration} sets the store and the service up.
 */
package dev.hybridauth.session;
