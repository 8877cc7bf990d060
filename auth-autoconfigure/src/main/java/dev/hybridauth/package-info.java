/**
 * The public API of hybrid-auth and its value types, with no Spring Boot and no HTTP in
 * them. An application uses {@link HybridSessionService} to start, list and revoke
 * sessions, reads a {@link HybridAuthentication} from the security context, and marks
 * routes with {@link SensitiveRoute}; the other public types are the values and
 * exceptions these hand out.
 */
package dev.hybridauth;
