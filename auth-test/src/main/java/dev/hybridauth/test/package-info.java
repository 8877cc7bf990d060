/**
 * Test support for applications that use hybrid-auth: MockMvc request post-processors
 * ({@link dev.hybridauth.test.HybridAuthRequestPostProcessors}) and test annotations
 * ({@link dev.hybridauth.test.WithHybridSession},
 * {@link dev.hybridauth.test.WithSessionJwt}) that authenticate requests with real
 * sessions and session JWTs of the application.
 */
package dev.hybridauth.test;
