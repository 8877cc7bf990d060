/**
 * Spring Boot Actuator support, active only when Actuator is on the classpath: the
 * {@code hybridauth} endpoint (signing keys, the revocation feed, live sessions, a user's
 * sessions and their revocation) and the {@code hybridAuth} health component. Only the
 * {@link HybridAuthActuatorAutoConfiguration} is public.
 */
package dev.hybridauth.actuate;
