/**
 * The {@code HttpSecurity} DSL and the default security filter chain: an application adds
 * {@link HybridAuthConfigurer} to its own chain, or gets the one
 * {@link HybridAuthSecurityAutoConfiguration} defines when it has none.
 */
package dev.hybridauth.config;
