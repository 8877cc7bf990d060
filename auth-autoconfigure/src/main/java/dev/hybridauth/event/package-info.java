/**
 * The application events of a session's life: {@link HybridSessionStartedEvent},
 * {@link HybridSessionRefreshedEvent} and {@link HybridSessionRevokedEvent}; and
 * {@link HybridLoginThrottledEvent} for a password check refused by the throttle. For an
 * application to listen to.
 */
package dev.hybridauth.event;
