/**
 * When hybrid-auth applies, its properties and the scheduler of its background jobs:
 * {@link HybridAuthAutoConfiguration} and {@link HybridAuthProperties}
 * ({@code hybrid-auth.*}).
 */
package dev.hybridauth.autoconfigure;
