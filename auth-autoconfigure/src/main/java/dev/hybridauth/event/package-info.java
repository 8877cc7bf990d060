/**
 * The application events of a session's life: {@link HybridSessionStartedEvent},
 * {@link HybridSessionRefreshedEvent} and {@link HybridSessionRevokedEvent}, for an
 * application to listen to.
 */
package dev.hybridauth.event;
