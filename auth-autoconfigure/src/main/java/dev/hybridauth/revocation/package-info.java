/**
 * The revocation view: on every node, the sessions revoked and the users whose
 * authorities changed within one JWT lifetime, consulted by the JWT path without a
 * database read ({@link RevocationView}).
 */
package dev.hybridauth.revocation;
